"""Sole account confirmation forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DocumentField, KeepsUploadsMixin


class ReasonNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Explanation for the user"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why.")},
    )


class SoleAccountForm(KeepsUploadsMixin, forms.Form):
    identity_document = DocumentField(
        label=_("Business registration certificate, or your ID / passport / driving licence")
    )
    statement = DocumentField(
        label=_("Exclusive account statement, signed (individuals) or stamped (businesses)")
    )
    representative_document = DocumentField(
        label=_("Legal representative's identity card (businesses, if applicable)"),
        required=False,
    )
