import functools
import html
from collections.abc import Callable

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalogue.urlcheck import Platform
from core.forms import DocumentField, KeepsUploadsMixin
from core.human_check import HumanCheckField, RememberedHumanCheckForm
from ipr.selectors import authenticated_iprs_for

from .models import ComplaintReason
from .reasons import COPYRIGHT_DMCA_REASONS, reasons_for

EVIDENCE_SLOTS = 6


class IPRChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, ipr) -> str:
        return str(ipr)


class ComplaintForm(KeepsUploadsMixin, forms.Form):
    platform = forms.ChoiceField(
        label=_("Platform"),
        choices=Platform.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the platform the listings are on.")},
    )
    ipr = IPRChoiceField(
        label=_("Intellectual property right"),
        queryset=None,
        empty_label=_("Choose an IPR"),
        error_messages={
            "required": _("Choose the IPR the listings infringe."),
            "invalid_choice": _("Choose one of your authenticated IPRs."),
        },
    )
    reason = forms.ChoiceField(
        label=_("Complaint reason"),
        choices=[("", _("Choose a reason"))] + ComplaintReason.choices,
        error_messages={"required": _("Choose the complaint reason.")},
    )
    urls = forms.CharField(
        label=_("Listing URLs, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "wrap": "off"}),
    )
    description = forms.CharField(
        label=_("Description of the infringement"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, complainant=None, **kwargs):
        super().__init__(*args, owner=complainant, **kwargs)
        self.fields["ipr"].queryset = authenticated_iprs_for(complainant)
        for n in range(1, EVIDENCE_SLOTS + 1):
            field = DocumentField(label=_("Proof %(n)d") % {"n": n}, required=False)
            field.owner = complainant
            self.fields[f"evidence_{n}"] = field
        self.ipr_reasons = {ipr.pk: reasons_for(ipr) for ipr in self.fields["ipr"].queryset}

    @property
    def evidence_fields(self):
        return [self[f"evidence_{n}"] for n in range(1, EVIDENCE_SLOTS + 1)]

    def evidence(self) -> list:
        return [
            self.cleaned_data[f"evidence_{n}"]
            for n in range(1, EVIDENCE_SLOTS + 1)
            if self.cleaned_data.get(f"evidence_{n}")
        ]


_OPTIONS: dict[tuple, str] = {}


class PlainSelect(forms.Select):
    """A <select> written in Python: Django's widget renders a template per option, which with
    a few hundred IPRs in the filter was a quarter of the Manage Complaints page."""

    def use_required_attribute(self, initial) -> bool:
        return self.is_required and super().use_required_attribute(initial)

    def __init__(self, attrs=None, choices=(), *, fixed: str = ""):
        super().__init__(attrs, choices)
        # `fixed`: the choices never change (a TextChoices list), so their options are written
        # once per language and selection, not on every page.
        self.fixed = fixed

    def render(self, name, value, attrs=None, renderer=None) -> str:
        chosen = frozenset(str(v) for v in self.format_value(value))
        key = (self.fixed, get_language(), chosen) if self.fixed else None
        options = _OPTIONS.get(key) if key else None
        if options is None:
            options = "".join(
                f'<option value="{html.escape(str(v))}"{" selected" if str(v) in chosen else ""}>'
                f"{html.escape(str(label))}</option>"
                for v, label in self.choices
            )
            if key and len(_OPTIONS) < 4096:
                _OPTIONS[key] = options
        final = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, final, mark_safe(options))  # noqa: S308


class IprSelect(PlainSelect):
    """The IPR filter: its options written straight from the owner's (pk, name) rows, without
    the field's choice normalisation (200 options were 7,000 calls of the Manage Complaints
    page). `rows` is set per form; the field's choices, which validate a chosen IPR, read the
    same memoised rows."""

    rows: Callable[[], list[tuple]] | None = None

    def render(self, name, value, attrs=None, renderer=None) -> str:
        if self.rows is None:
            return super().render(name, value, attrs, renderer)
        chosen = frozenset(str(v) for v in self.format_value(value))
        options = "".join(
            f'<option value="{pk}"{" selected" if str(pk) in chosen else ""}>'
            f"{html.escape(str(label))}</option>"
            for pk, label in self.rows()
        )
        final = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, final, mark_safe(options))  # noqa: S308


class PlainInput(forms.TextInput):
    """An <input> written in Python (Django renders each widget through a template)."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        final = self.build_attrs(self.attrs, attrs)
        shown = self.format_value(value)
        if shown is not None:
            final["value"] = shown
        return format_html('<input type="{}" name="{}"{}>', self.input_type, name, flatatt(final))


class PlainDateInput(PlainInput, forms.DateInput):
    input_type = "date"


def _ipr_choices(user) -> list[tuple]:
    from ipr.selectors import filter_names

    return [("", _("All IPRs")), *filter_names(user.pk)]


class ManageFilterForm(forms.Form):
    platform = forms.ChoiceField(
        required=False,
        choices=[("", _("All platforms"))] + Platform.choices,
        widget=PlainSelect(fixed="manage.platform"),
    )
    status = forms.ChoiceField(required=False, widget=PlainSelect(fixed="manage.status"))
    # Any of the owner's own IPRs (clean_ipr); the list offers the newest, plus the one chosen.
    ipr = forms.IntegerField(
        required=False,
        min_value=1,
        widget=IprSelect,
        error_messages={"invalid": _("Choose one of your IPRs.")},
    )
    reason = forms.ChoiceField(
        required=False,
        choices=[("", _("All reasons"))] + ComplaintReason.choices,
        widget=PlainSelect(fixed="manage.reason"),
    )
    date_from = forms.DateField(required=False, widget=PlainDateInput)
    date_to = forms.DateField(required=False, widget=PlainDateInput)
    q = forms.CharField(
        required=False,
        max_length=2048,
        widget=PlainInput(attrs={"placeholder": _("Search a URL or listing id")}),
    )

    def __init__(self, *args, user=None, **kwargs):
        from .models import ComplaintStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses"))] + ComplaintStatus.choices
        # Read only when the page renders the filter or a chosen IPR is checked (not by the API
        # list without an IPR filter).
        self._user = user
        self._chosen_ipr: tuple[int, str] | None = None
        self._ipr_rows: Callable[[], list[tuple]] = list
        if user:
            self._ipr_rows = functools.cache(functools.partial(_ipr_choices, user))
            self.fields["ipr"].widget.rows = self._offered_iprs

    def clean_ipr(self) -> int | None:
        """One of the account's own IPRs, old or new (the list shows only the newest)."""
        from ipr.selectors import owned_ipr_name

        pk = self.cleaned_data.get("ipr")
        if pk is None:
            return None
        name = owned_ipr_name(self._user.pk, pk) if self._user else None
        if name is None:
            raise forms.ValidationError(_("Choose one of your IPRs."), code="invalid_choice")
        self._chosen_ipr = (pk, name)
        return pk

    def _offered_iprs(self) -> list[tuple]:
        rows = self._ipr_rows()
        chosen = self._chosen_ipr
        if chosen is not None and all(pk != chosen[0] for pk, _name in rows):
            rows = [*rows, chosen]
        return rows


class SaveFilterForm(forms.Form):
    name = forms.CharField(
        label=_("Save these filters as"),
        max_length=60,
        widget=PlainInput(attrs={"placeholder": _("e.g. Taobao counterfeits")}),
        error_messages={"required": _("Name the filter to save it.")},
    )


class DmcaForm(RememberedHumanCheckForm):
    platform = forms.ChoiceField(
        label=_("Platform"),
        choices=Platform.choices,
        error_messages={"required": _("Select the platform.")},
    )
    reason = forms.ChoiceField(
        label=_("What is infringing"),
        choices=[(r.value, r.label) for r in COPYRIGHT_DMCA_REASONS],
        error_messages={"required": _("Choose what is infringing.")},
    )
    work_description = forms.CharField(
        label=_("Identification of the copyrighted work"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the copyrighted work that is infringed.")},
    )
    urls = forms.CharField(
        label=_("Where the infringing material is: listing URLs, one per line (at most 10)"),
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false", "wrap": "off"}),
        error_messages={"required": _("Paste at least one listing URL.")},
    )
    rights_owner_name = forms.CharField(
        label=_("Copyright owner"),
        max_length=200,
        error_messages={"required": _("Name the copyright owner.")},
    )
    notifier_name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        error_messages={"required": _("Enter your full name.")},
    )
    notifier_email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter a valid email address, like name@example.com."),
        },
    )
    notifier_phone = forms.RegexField(
        label=_("Telephone"),
        max_length=40,
        regex=r"^\+?[0-9 ()\-./]{5,40}$",
        error_messages={
            "required": _("Enter your telephone number."),
            "invalid": _(
                "Enter a phone number with digits, spaces, ( ) - . / and an optional leading +."
            ),
        },
    )
    notifier_address = forms.CharField(
        label=_("Address"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Enter your postal address.")},
    )
    good_faith_statement = forms.BooleanField(
        label=_(
            "I have a good faith belief that use of the material in the manner complained of "
            "is not authorized by the copyright owner, its agent, or the law."
        ),
        error_messages={"required": _("This statement is required for a DMCA notice.")},
    )
    accuracy_statement = forms.BooleanField(
        label=_(
            "The information in this notice is accurate, and under penalty of perjury, I am "
            "the copyright owner or authorized to act on behalf of the owner of an exclusive "
            "right that is allegedly infringed."
        ),
        error_messages={"required": _("This statement is required for a DMCA notice.")},
    )
    signature = forms.CharField(
        label=_("Electronic signature: type your full name"),
        max_length=200,
        error_messages={"required": _("Sign the notice by typing your full name.")},
    )
    human_check = HumanCheckField(
        label=_("Human check"),
        hidefooter=True,
        error_messages={
            "required": _("Complete the human check."),
            "invalid": _("The human check failed or expired. Please complete it again."),
            "replay": _("That human check was already used. Please complete it again."),
        },
    )
