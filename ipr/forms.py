"""Page forms. Field-level checks here; the rules of `ipr.validation` run in `clean` (and again
in the services), so the form shows each refusal beside the field it concerns."""

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from core.forms import DocumentField, KeepsUploadsMixin

from . import guidance
from .models import IPR, DocumentType, IPRKind, PatentType, RejectionReason, WorkType
from .validation import check_ipr

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _date(label, **kw):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}), **kw)


def _yes_no(label, **kw):
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect, **kw
    )


class IPRForm(KeepsUploadsMixin, forms.Form):
    """The fields every kind shares. Subclasses add theirs; `letter` adds the agent's letter."""

    kind = ""
    right_owner_name = forms.CharField(
        label=_("IPR owner name"),
        max_length=200,
        help_text=_(
            "Exactly as on the certificate. If it is not your account's name, you file as "
            "the owner's agent and need the owner's signed authorization letter."
        ),
    )
    is_registered = _yes_no(_("Is the right registered (granted) by an office?"))
    document_type = forms.ChoiceField(
        label=_("What is the main document?"), widget=forms.RadioSelect
    )
    jurisdiction = forms.CharField(
        label=_("Country or region of registration"), max_length=100, required=False
    )
    office = forms.CharField(
        label=_("Registering office"),
        max_length=200,
        required=False,
        help_text=_("For example CNIPA, USPTO, EUIPO or WIPO."),
    )
    number = forms.CharField(label=_("Registration number"), max_length=100, required=False)
    registered_on = _date(_("Registration / grant date"), required=False)
    expires_on = _date(_("Expiry date"), required=False, help_text=guidance.ENDS_TODAY_RULE)
    certificate = DocumentField(label=_("Registration certificate"), required=False)
    supporting_document = DocumentField(
        label=_("Renewal, alteration or transfer document (optional)"),
        required=False,
        help_text=guidance.SUPPORTING_DOCUMENTS,
    )
    document_choices = [
        (DocumentType.REGISTRATION_CERTIFICATE, DocumentType.REGISTRATION_CERTIFICATE.label),
        (DocumentType.FILING_RECEIPT, DocumentType.FILING_RECEIPT.label),
    ]

    def __init__(
        self,
        *args,
        owner=None,
        instance: IPR | None = None,
        letter=False,
        submitting=False,
        **kwargs,
    ):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(instance)
        super().__init__(*args, owner=owner, **kwargs)
        self.owner, self.instance, self.submitting = owner, instance, submitting
        self.fields["document_type"].choices = self.document_choices
        if not letter:
            for name in ("authorization_letter", "letter_starts_on", "letter_ends_on"):
                self.fields.pop(name, None)

    def initial_from(self, ipr: IPR) -> dict:
        initial = {name: getattr(ipr, name) for name in self.base_fields if hasattr(ipr, name)}
        initial["is_registered"] = "yes" if ipr.is_registered else "no"
        if "nice_classes" in initial:
            initial["nice_classes"] = [str(c) for c in ipr.nice_classes or []]
        return initial

    def to_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "supporting_document"}
        for name in ("jurisdiction", "office", "number"):
            data[name] = data.get(name) or ""
        return data

    @property
    def supporting(self) -> list:
        doc = self.cleaned_data.get("supporting_document")
        return [doc] if doc else []

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        ipr = copy.copy(self.instance) if self.instance else IPR(owner=self.owner, kind=self.kind)
        for name, value in self.to_data().items():
            setattr(ipr, name, value.strip() if isinstance(value, str) else value)
        try:
            check_ipr(ipr, supporting=self.supporting, for_submission=self.submitting)
        except DomainError as error:
            field = error.field if error.field in self.fields else None
            self.add_error(field, error.message)
        return cleaned


class LetterFields(forms.Form):
    authorization_letter = DocumentField(
        label=_("Signed authorization letter"),
        required=False,
        help_text=guidance.AUTHORIZATION_LETTER,
    )
    letter_starts_on = _date(_("Authorization starts on"), required=False)
    letter_ends_on = _date(
        _("Authorization ends on"), required=False, help_text=guidance.ENDS_TODAY_RULE
    )


class TrademarkForm(IPRForm, LetterFields):
    kind = IPRKind.TRADEMARK
    mark_word = forms.CharField(label=_("Word mark"), max_length=200, required=False)
    logo = DocumentField(
        label=_("Logo (image)"),
        required=False,
        help_text=_("For a figurative or combined mark: the logo as registered (JPEG, PNG, WebP)."),
    )
    nice_classes = forms.TypedMultipleChoiceField(
        label=_("Nice classes"),
        choices=[(str(n), str(n)) for n in range(1, 46)],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The classes listed on the certificate (1-45)."),
    )
    goods_services = forms.CharField(
        label=_("Goods and services"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("As listed on the certificate for the classes above."),
    )
    is_madrid = forms.BooleanField(
        label=_("This is a Madrid (WIPO) international registration"), required=False
    )
    madrid_designation = DocumentField(
        label=_("Designation / extension certificate for the relevant country"), required=False
    )
    field_order = [
        "right_owner_name",
        "is_registered",
        "document_type",
        "certificate",
        "mark_word",
        "logo",
        "nice_classes",
        "goods_services",
        "jurisdiction",
        "office",
        "number",
        "registered_on",
        "expires_on",
        "is_madrid",
        "madrid_designation",
    ]


class PatentForm(IPRForm, LetterFields):
    kind = IPRKind.PATENT
    patent_type = forms.ChoiceField(
        label=_("Type of patent"), choices=PatentType.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title of the patent"), max_length=300)
    evaluation_report = DocumentField(
        label=_("Patent Evaluation Report (recommended for utility model and design patents)"),
        required=False,
        help_text=guidance.EVALUATION_REPORT,
    )
    field_order = [
        "right_owner_name",
        "is_registered",
        "document_type",
        "patent_type",
        "title",
        "jurisdiction",
        "office",
        "number",
        "registered_on",
        "expires_on",
        "certificate",
        "evaluation_report",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].label = _("Patent certificate")
        self.fields["number"].label = _("Patent number")


class CopyrightForm(IPRForm, LetterFields):
    kind = IPRKind.COPYRIGHT
    work_title = forms.CharField(label=_("Title of the work"), max_length=300)
    work_type = forms.ChoiceField(label=_("Type of work"), choices=WorkType.choices)
    content_pages = DocumentField(
        label=_("Pages bearing the content of the work (with the official seal)"),
        required=False,
    )
    ownership_statement = DocumentField(
        label=_("Signed copyright ownership statement"), required=False
    )
    authorship_proof = DocumentField(
        label=_("Proof of authorship"),
        required=False,
        help_text=_("The original file, drafts or behind-the-scenes photos of the creation."),
    )
    document_choices = [
        (DocumentType.REGISTRATION_CERTIFICATE, DocumentType.REGISTRATION_CERTIFICATE.label),
        (DocumentType.FILING_RECEIPT, DocumentType.FILING_RECEIPT.label),
        (DocumentType.OWNERSHIP_STATEMENT, DocumentType.OWNERSHIP_STATEMENT.label),
    ]
    field_order = [
        "right_owner_name",
        "work_title",
        "work_type",
        "is_registered",
        "document_type",
        "jurisdiction",
        "office",
        "number",
        "registered_on",
        "expires_on",
        "certificate",
        "content_pages",
        "ownership_statement",
        "authorship_proof",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].label = _("Registration page of the certificate")
        self.fields["certificate"].help_text = guidance.COPYRIGHT_CERTIFICATE
        self.fields["expires_on"].help_text = _("Optional for copyright.")


FORMS = {
    IPRKind.TRADEMARK: TrademarkForm,
    IPRKind.PATENT: PatentForm,
    IPRKind.COPYRIGHT: CopyrightForm,
}


class LetterUploadForm(KeepsUploadsMixin, LetterFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = True


class LetterTermForm(forms.Form):
    """The optional term printed on the generated letter (GET parameters)."""

    starts_on = forms.DateField(required=False)
    ends_on = forms.DateField(required=False)


class RejectForm(forms.Form):
    code = forms.ChoiceField(
        label=_("Reason"), choices=RejectionReason.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Explanation for the owner"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required for “Other”. Say what to fix; the owner reads this."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("code") == RejectionReason.OTHER and not cleaned.get("text", "").strip():
            self.add_error("text", _("Explain the reason in a sentence the owner can act on."))
        return cleaned


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("Internal note (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InvalidForm(forms.Form):
    text = forms.CharField(
        label=_("Why the right is invalid"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E.g. the office's invalidation decision number and date."),
    )
