"""The instance's front page: the boards a user may see, or straight to the board when there is one."""

from django.shortcuts import redirect
from django.views.generic import TemplateView

from lscb.permissions import RuleRequiredMixin, allowed


def boards_for(user, boards) -> list:
    """The boards whose pages `user` may read, in name order."""
    return [board for board in boards if allowed("governance.view", user, board=board)]


class HomeView(RuleRequiredMixin, TemplateView):
    rule = "boards.list"
    template_name = "home.html"

    def get(self, request, *args, **kwargs):
        boards = boards_for(request.user, request.boards)
        if len(boards) == 1:
            return redirect("board-home", board=boards[0].slug)
        return self.render_to_response(self.get_context_data(visible_boards=boards))
