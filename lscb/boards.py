"""Which board a request is about: `request.board`, and the instance's boards: `request.boards`.

A board's pages live under its address (/northmoor-sab/plan/...): the URL pattern captures the
board's slug as `board`, and this middleware turns it into the Board (404 for an unknown one)
before the view runs, so views read `request.board` and never take the slug themselves. Pages of
the instance (signing in, the list of boards, history, administration) have no board: for them
`request.board` is None. The boards are read in one query, when a page first asks."""

from __future__ import annotations

from django.http import Http404
from django.utils.functional import SimpleLazyObject

from governance.models import Board


class BoardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.board = None
        request.boards = SimpleLazyObject(lambda: list(Board.objects.order_by("name")))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        slug = view_kwargs.pop("board", None)
        if slug is None:
            return None
        request.board = next((board for board in request.boards if board.slug == slug), None)
        if request.board is None:
            raise Http404("No board has this address.")
        return None
