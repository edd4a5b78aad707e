"""One way for a page to keep what it has drawn: a cached fragment, keyed so that it can never be
served stale or to a reader who should see something else.

The key holds:
- the view and the board;
- the records' version (lscb.freshness.data_version), so any write draws the page afresh;
- the day, for pages that mark rows overdue against today;
- this reader's answers to `fragment_rules`, the permission rules that change what the fragment
  shows (an edit column, an action): two readers share a fragment only when every one of those
  rules answers alike for both, so one role's page is never served to another;
- the query string (filters, sorting, page) and `fragment_parts()` (e.g. the record shown).

The template wraps what it draws in ``{% cache fragment_timeout "page" fragment_key %}``.
A page that is fast enough without a cache does not use this.
"""

from __future__ import annotations

import os

from django.utils import timezone

from lscb import freshness
from lscb.permissions import allowed

# LSCB_FRAGMENT_CACHE=0 draws every page afresh (the fragment is kept for no time and its key not
# worked out): to measure what the cache buys (BENCHMARKS.md, "What the page cache buys").
ENABLED = os.environ.get("LSCB_FRAGMENT_CACHE", "1") != "0"


class CachedFragmentMixin:
    fragment_rules: tuple[str, ...] = ()
    fragment_by_day = True

    def fragment_parts(self) -> list[str]:
        return []

    def records_version(self) -> str:
        """The records' version (one query); a view that has read it already returns that."""
        return freshness.data_version()

    def fragment_key(self) -> str:
        request = self.request
        board = getattr(request, "board", None)
        answers = "".join("1" if allowed(rule, request.user, board=board) else "0" for rule in self.fragment_rules)
        return "/".join(
            [
                type(self).__qualname__,
                str(board.pk if board is not None else ""),
                self.records_version(),
                timezone.localdate().isoformat() if self.fragment_by_day else "",
                answers,
                request.GET.urlencode(),
                *self.fragment_parts(),
            ]
        )

    def get_context_data(self, **kwargs):
        if not ENABLED:
            return super().get_context_data(fragment_key="", fragment_timeout=0, **kwargs)
        return super().get_context_data(fragment_key=self.fragment_key(), fragment_timeout=freshness.TIMEOUT, **kwargs)
