from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from complaints.models import ItemRejectionReason, ItemStatus
from core.forms import DocumentField, KeepsUploadsMixin

from .models import CounterNoticeGround
from .selectors import ItemFilter

EVIDENCE_SLOTS = 3


def _no_nul(value: str) -> str:
    if "\x00" in (value or ""):
        raise forms.ValidationError(_("The text contains a NUL byte."))
    return value


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ItemRejectionReason.choices)
    note = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[_no_nul],
        help_text=_("Shown to the complainant. Required for “Other”."),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == ItemRejectionReason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", _("Explain the reason."))
        return data


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[_no_nul],
    )


class CounterNoticeDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("reject", _("Reject the counter-notice: the takedown stands")),
            ("accept", _("Accept the counter-notice: restore the listing")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reasons"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[_no_nul],
        help_text=_("Shown to both parties. Required when rejecting."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Give the reasons for rejecting the counter-notice."))
        return data


class _EvidenceMixin(KeepsUploadsMixin):
    def evidence(self) -> list:
        return [
            self.cleaned_data[f"evidence_{n}"]
            for n in range(1, EVIDENCE_SLOTS + 1)
            if self.cleaned_data.get(f"evidence_{n}")
        ]


def _evidence_fields(form_class):
    for n in range(1, EVIDENCE_SLOTS + 1):
        form_class.base_fields[f"evidence_{n}"] = DocumentField(
            # Built at import: the label must stay lazy to follow each request's language.
            label=lazy(lambda n=n: _("Evidence %(n)d") % {"n": n}, str)(),
            required=False,
        )
    return form_class


@_evidence_fields
class CounterNoticeForm(_EvidenceMixin, forms.Form):
    grounds = forms.ChoiceField(
        label=_("Grounds"), choices=CounterNoticeGround.choices, widget=forms.RadioSelect
    )
    statement = forms.CharField(
        label=_("Statement"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[_no_nul],
        help_text=_("Explain why the listing does not infringe; up to 5,000 characters."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    address = forms.CharField(
        label=_("Address"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    perjury_statement = forms.BooleanField(
        required=False,
        label=_(
            "I swear, under penalty of perjury, that I have a good faith belief that the material "
            "was removed or disabled as a result of mistake or misidentification."
        ),
    )
    jurisdiction_consent = forms.BooleanField(
        required=False,
        label=_(
            "I consent to the jurisdiction of the Federal District Court for the judicial district "
            "of my address (or, outside the United States, any judicial district in which the "
            "service provider may be found), and will accept service of process from the "
            "complainant."
        ),
    )
    signature = forms.CharField(
        label=_("Electronic signature (type your full name)"), max_length=200, required=False
    )

    def __init__(self, *args, dmca: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.dmca = dmca
        if not dmca:
            for name in (
                "full_name",
                "address",
                "phone",
                "perjury_statement",
                "jurisdiction_consent",
                "signature",
            ):
                del self.fields[name]
        else:
            for name in ("full_name", "address", "phone", "signature"):
                self.fields[name].required = True
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(_no_nul)


@_evidence_fields
class MaintainForm(_EvidenceMixin, forms.Form):
    statement = forms.CharField(
        label=_("Why the complaint stands"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[_no_nul],
    )


class ItemFilterForm(forms.Form):
    """The review page's filter (GET): seller, category, status; choices from the complaint's
    own URLs (`selectors.item_facets`). An unknown value is ignored, not an error page."""

    seller = forms.TypedChoiceField(label=_("Seller"), required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(label=_("Category"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, data, *, facets: dict, **kwargs):
        super().__init__(data, **kwargs)
        every = [("", _("All"))]
        self.fields["seller"].choices = every + [
            (str(f["seller_id"]), f"{f['seller__store_name']} ({f['n']})")
            for f in facets["sellers"]
        ]
        self.fields["category"].choices = every + [
            (f["catalogue_listing__category"], f"{f['catalogue_listing__category']} ({f['n']})")
            for f in facets["categories"]
        ]
        for field in self.fields.values():
            field.widget.attrs["data-autosubmit"] = ""  # static/js/actions.js: filter on change
        labels = dict(ItemStatus.choices)
        self.fields["status"].choices = every + [
            (f["status"], f"{labels.get(f['status'], f['status'])} ({f['n']})")
            for f in facets["statuses"]
        ]

    def narrowing(self) -> ItemFilter:
        if not self.is_valid():
            return ItemFilter()
        data = self.cleaned_data
        return ItemFilter(
            seller=data.get("seller"), category=data["category"], status=data["status"]
        )


class BulkDecisionForm(forms.Form):
    """The selection bar of the review page (POST). `items`: the ticked URLs; `all_matching`:
    every URL awaiting a decision that matches the filter the page shows (across its pages)."""

    decision = forms.ChoiceField(
        choices=[("accept", _("Accept selection")), ("reject", _("Reject selection"))]
    )
    items = forms.TypedMultipleChoiceField(required=False, coerce=int)
    all_matching = forms.BooleanField(required=False)
    reason = forms.ChoiceField(
        label=_("Reason (to reject)"),
        required=False,
        choices=[("", _("Choose a reason to reject…")), *ItemRejectionReason.choices],
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=2000, validators=[_no_nul]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id: the service refuses ids that are not URLs of this complaint awaiting a decision.
        values = self.data.getlist("items") if hasattr(self.data, "getlist") else []
        self.fields["items"].choices = [(v, v) for v in values if str(v).isdigit()]
