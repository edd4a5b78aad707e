"""The upload form of the browser import."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.core.files.uploadedfile import UploadedFile

from .uploads import MAX_BYTES, SUFFIXES


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label="Board workbook",
        help_text="An .xlsx workbook, or a .zip of CSV files named after the sheets (agencies.csv, …), up to 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )

    def clean_file(self) -> UploadedFile:
        file = self.cleaned_data["file"]
        if Path(file.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError("Choose an .xlsx workbook, or a .zip of CSV files.")
        if file.size > MAX_BYTES:
            megabytes = file.size / (1024 * 1024)
            raise forms.ValidationError(
                f"The file is {megabytes:.1f} MB: the largest workbook that can be uploaded is 10 MB."
            )
        return file
