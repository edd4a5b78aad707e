"""Optimistic concurrency for records two people may edit at once.

Each such record carries a `version` that every save increments. A form remembers the version
it was opened at; the save locks the row and refuses when the version has moved on, so the
second person is told, sees the other change, and keeps their own input.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet


class StaleEdit(ValidationError):
    """Someone else saved the record after this form was opened."""


def lock_current(queryset: QuerySet, pk: int, version: int | None, message: str) -> Model:
    """The row, locked until the transaction ends; StaleEdit if `version` is not its version."""
    current = queryset.select_for_update().get(pk=pk)
    if version is not None and current.version != version:
        raise StaleEdit(message)
    return current


class VersionField(forms.IntegerField):
    """The hidden field with the version a form was opened at. A damaged one (not a number, or
    missing when required) counts as stale: the save is refused with the message above, never
    with an error on a field nobody can see."""

    widget = forms.HiddenInput

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError:
            return 0  # no record has version 0: the save is refused as stale


def stale_message(noun: str) -> str:
    """What a refused save says, for a record called `noun` ("this action", "this meeting")."""
    return (
        f"Someone else saved {noun} while you were editing it. What they saved is shown with this "
        "message; your entries are kept in the form: check them and save again."
    )


def locked_for_save(instance: Model, version: int | None, noun: str) -> Model | None:
    """For a service saving `instance` from a form opened at `version`: lock its row and refuse a
    stale save (StaleEdit). Returns the row as stored; None for a new record, or when no version
    is given (a save not from a form, e.g. the workbook import: nothing is locked or read)."""
    if instance.pk is None or version is None:
        return None
    try:
        return lock_current(type(instance)._default_manager, instance.pk, version, stale_message(noun))
    except ObjectDoesNotExist as error:
        raise StaleEdit(f"Someone else deleted {noun} while you were editing it.") from error


def _shown(model_field, value) -> str:
    if value in (None, ""):
        return "(blank)"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def their_values(form: forms.ModelForm, current: Model) -> list[tuple[str, str]]:
    """(label, value as stored) of each field of `form` where the stored record differs from what
    the user entered: what the other person saved, shown beside the user's own input."""
    if not form.is_bound or not hasattr(form, "cleaned_data"):
        return []
    rows = []
    for name, field in form.fields.items():
        try:
            model_field = current._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if name == "version" or not model_field.concrete:
            continue
        theirs = getattr(current, name)
        mine = form.cleaned_data.get(name)
        if (theirs or None) != (mine or None):
            rows.append((str(field.label or name), _shown(model_field, theirs)))
    return rows


class VersionedFormMixin:
    """A ModelForm of a versioned record: an edit carries the version it was opened at (hidden);
    a refused save keeps the user's input, moves the form on to the stored version (so saving
    again, after checking, goes through) and lists what the other person saved (`theirs`)."""

    theirs: list[tuple[str, str]] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"] = VersionField()
            self.initial["version"] = self.instance.version

    @property
    def opened_version(self) -> int | None:
        """The version the form was opened at (0 when missing or damaged: refused as stale)."""
        return self.cleaned_data.get("version") if "version" in self.fields else None

    def refuse_stale(self, error: ValidationError) -> None:
        current = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
        if current is not None:
            data = self.data.copy()
            data[self.add_prefix("version")] = current.version
            self.data = data
            self.theirs = their_values(self, current)
        self.add_error(None, error)


class RefuseStaleMixin:
    """The edit view of a versioned record (with lscb.views.ServiceFormMixin, whose `save` calls
    the service; the form a VersionedFormMixin): a StaleEdit is shown on the form, never lost."""

    opened_version: int | None = None

    def get_form_version(self) -> int | None:
        """The version the posted form was opened at, for `save` to pass to the service."""
        return self.opened_version

    def form_valid(self, form):
        from django.contrib import messages
        from django.http import HttpResponseRedirect

        from lscb.views import add_service_errors

        self.opened_version = getattr(form, "opened_version", None)
        try:
            self.object = self.save(form.instance)
        except StaleEdit as error:
            form.refuse_stale(error)
            return self.form_invalid(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message.format(object=self.object))
        return HttpResponseRedirect(self.get_success_url())


class VersionedAdminForm(forms.ModelForm):
    """The admin's form of a versioned record: a change carries the version it was opened at,
    and a stale one is refused like any other form's, the admin's entries kept."""

    version = VersionField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].required = True
            self.initial["version"] = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            return data
        noun = f"this {self.instance._meta.verbose_name}"
        # The admin saves in the same transaction: the row stays locked until then.
        try:
            self.stored = locked_for_save(self.instance, data.get("version"), noun)
        except StaleEdit as error:
            current = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
            messages = list(error.messages)
            if current is not None:
                data_copy = self.data.copy()
                data_copy[self.add_prefix("version")] = current.version
                self.data = data_copy
                messages += [f"Theirs: {label}: {value}" for label, value in their_values(self, current)]
            raise ValidationError(messages) from error
        return data


class VersionedAdminMixin:
    """A ModelAdmin of a versioned record (put before the admin class): the version is a hidden
    field of the form, a stale change is refused, and every change moves the version on."""

    form = VersionedAdminForm
    exclude = ["version"]  # the model's field: the form's hidden one stands for it

    def save_model(self, request, obj, form, change):
        if change:
            stored = getattr(form, "stored", None)
            obj.version = (stored.version if stored is not None else obj.version) + 1
        super().save_model(request, obj, form, change)
