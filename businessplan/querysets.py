"""Named reads for the business plan."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Exists, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


class ActionQuerySet(models.QuerySet):
    def with_rating_at(self, day: date, name: str = "rating_at") -> ActionQuerySet:
        """Annotate the rating as it stood on `day`: the latest update dated on or before it,
        else the rating the action had before any update."""
        from .models import ProgressUpdate

        latest = (
            ProgressUpdate.objects.filter(action=OuterRef("pk"), date__lte=day)
            .order_by("-date", "-recorded_at", "-id")
            .values("rating")[:1]
        )
        return self.annotate(**{name: Coalesce(Subquery(latest), F("initial_rating"))})

    def with_last_update(self) -> ActionQuerySet:
        return self.annotate(last_update=Max("updates__date"))

    def not_updated_since(self, day: date) -> ActionQuerySet:
        from .models import ProgressUpdate

        return self.exclude(Exists(ProgressUpdate.objects.filter(action=OuterRef("pk"), date__gte=day)))

    def overdue(self, today: date, plans=None, *, board=None) -> ActionQuerySet:
        """Due date passed and not at a level its plan's scale counts as complete; with `board`,
        only the actions of that board's plans.

        A plan's levels are kept on the plan, so its complete codes are read first: one small
        query of the plans, unless the caller already holds them (`plans`: every plan whose
        actions may be in this queryset)."""
        from .models import Plan

        actions = self if board is None else self.filter(plan__board=board)
        if plans is None:
            plans = Plan.objects.only("pk", "scale", "levels")
            if board is not None:
                plans = plans.filter(board=board)
        complete = Q(pk__in=[])
        for plan in plans:
            if plan.complete_ratings:
                complete |= Q(plan_id=plan.pk, rating__in=plan.complete_ratings)
        return actions.filter(due_date__lt=today).exclude(complete)

    def of_board(self, board) -> ActionQuerySet:
        """The actions of one board's plans."""
        return self.filter(plan__board=board)

    def rated(self, rating: str) -> ActionQuerySet:
        """`rating` is a colour, or "none" for unrated actions."""
        return self.filter(rating="" if rating == "none" else rating)

    def led_by_any(self, group_ids) -> ActionQuerySet:
        return self.filter(lead_group_id__in=group_ids)

    def for_plan_page(self) -> ActionQuerySet:
        return self.select_related("objective", "objective__priority", "lead_group").order_by(
            "objective__priority__number", "objective__order", "objective_id", "id"
        )


class ProgressUpdateQuerySet(models.QuerySet):
    def between(self, first: date, last: date) -> ProgressUpdateQuerySet:
        return self.filter(date__gte=first, date__lte=last)

    def newest_first(self) -> ProgressUpdateQuerySet:
        return self.order_by("-date", "-recorded_at", "-id")
