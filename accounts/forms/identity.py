"""Identity verification forms: the owner's submission and the reviewer's rejection."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DocumentField, KeepsUploadsMixin

from ..models import DocumentLanguage, IdentityDocumentType, IdentityKind, IdentityRejectionReason
from ..services.identity import BUSINESS_DOCUMENTS, INDIVIDUAL_DOCUMENTS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IdentityForm(KeepsUploadsMixin, forms.Form):
    complainant_name = forms.CharField(
        label=_("Complainant name"),
        max_length=200,
        help_text=_(
            "Exactly as it appears on your documents, character for character. It is "
            "shown to sellers you complain about, and reviewers reject any mismatch."
        ),
        error_messages={"required": _("Enter the complainant name exactly as on the documents.")},
    )
    document_type = forms.ChoiceField(label=_("Document type"))
    document = DocumentField(label=_("Identity document"))
    document_expires_on = forms.DateField(
        label=_("Document expiry date"),
        required=False,
        widget=DATE,
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD.")},
    )
    document_language = forms.ChoiceField(
        label=_("Language of the document"),
        choices=DocumentLanguage.choices,
        widget=forms.RadioSelect,
        initial=DocumentLanguage.ENGLISH,
    )
    translation = DocumentField(
        label=_("Translation into Chinese or English"),
        required=False,
        help_text=_(
            "Required when the document is in another language. A notarized translation "
            "is recommended."
        ),
    )
    official_seal_confirmed = forms.BooleanField(
        label=_(
            "The certificate bears the company's official seal (required for Chinese companies)"
        ),
        required=False,
    )
    representative_name = forms.CharField(
        label=_("Legal representative's name"), max_length=200, required=False
    )
    representative_document = DocumentField(
        label=_("Legal representative's identity document"),
        required=False,
        help_text=_("Where applicable: when the certificate names a legal representative."),
    )
    representative_expires_on = forms.DateField(
        label=_("Representative document expiry date"),
        required=False,
        widget=DATE,
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD.")},
    )

    BUSINESS_ONLY = (
        "official_seal_confirmed",
        "representative_name",
        "representative_document",
        "representative_expires_on",
    )

    def __init__(self, *args, account=None, **kwargs):
        super().__init__(*args, owner=account, **kwargs)
        business = account is not None and account.identity_kind == IdentityKind.BUSINESS
        allowed = BUSINESS_DOCUMENTS if business else INDIVIDUAL_DOCUMENTS
        self.fields["document_type"].choices = [
            (value, label) for value, label in IdentityDocumentType.choices if value in allowed
        ]
        if business:
            self.fields["document"].label = _("Business registration certificate")
            self.fields["document_expires_on"].help_text = _("Only if the certificate has one.")
        else:
            self.fields["document_expires_on"].required = True
            self.fields["document_expires_on"].error_messages["required"] = _(
                "Enter the document's expiry date."
            )
            self.fields["document"].help_text = _(
                "A clear scan or photo with your photo visible. JPEG, PNG, WebP or PDF, up to "
                "10 MB."
            )
            for name in self.BUSINESS_ONLY:
                del self.fields[name]


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Choose a reason"))] + IdentityRejectionReason.choices,
        error_messages={"required": _("Choose a rejection reason from the list.")},
    )
    note = forms.CharField(
        label=_("Explanation for the user"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
