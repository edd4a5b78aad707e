"""The upload form of the browser import."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.core.files.uploadedfile import UploadedFile

from . import uploads


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label="Board workbook",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(uploads.SUFFIXES)}),
    )

    def __init__(self, *args, refused: bool = False, **kwargs) -> None:
        """`refused`: the upload handler stopped the file as it came in, for its size."""
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        largest = _megabytes(uploads.MAX_BYTES)
        field.help_text = (
            f"An .xlsx workbook, or a .zip of CSV files named after the sheets (agencies.csv, …), up to {largest}."
        )
        if refused:
            # The file never arrived: say why rather than "This field is required".
            field.error_messages["required"] = (
                f"The file is larger than {largest}: the largest workbook that can be uploaded is {largest}. "
                "Nothing was kept."
            )

    def clean_file(self) -> UploadedFile:
        file = self.cleaned_data["file"]
        if Path(file.name).suffix.lower() not in uploads.SUFFIXES:
            raise forms.ValidationError("Choose an .xlsx workbook, or a .zip of CSV files.")
        if file.size > uploads.MAX_BYTES:
            largest = _megabytes(uploads.MAX_BYTES)
            raise forms.ValidationError(
                f"The file is {file.size / (1024 * 1024):.1f} MB: the largest workbook that can be uploaded is {largest}."
            )
        return file
