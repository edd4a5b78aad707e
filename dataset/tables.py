import django_tables2 as tables

from .models import Indicator


class IndicatorTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Indicator
        fields = ("name", "unit", "frequency", "source", "better")
        attrs = {"class": "table table-sm table-hover align-middle"}
