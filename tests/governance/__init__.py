from django.urls import reverse

from tests.factories import default_board


def board_url(name: str, *args, board=None) -> str:
    """A board page's address: under `board`, else the board the factories' records belong to."""
    return reverse(name, args=[(board or default_board()).slug, *args])
