"""Forms of the community app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from staffroom.web.community.services import MAX_FILE_BYTES

__all__ = ["UploadForm"]


class UploadForm(forms.Form):
    """One data file (CSV or XLSX)."""

    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB; split it by school or period.")
                % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload
