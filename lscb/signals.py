"""Signals between the apps, so that an app can react to another's writes without importing it."""

from django.dispatch import Signal

# Sent when names are removed from the records (a person anonymised, deputies' names cleared):
# anything made from the records and kept, such as a stored annual report, must go with them.
personal_data_removed = Signal()
