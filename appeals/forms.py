from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from core.forms import DocumentField, KeepsUploadsMixin

from .models import DISMISS_REASONS, GRANT_REASONS, AppealReason

EVIDENCE_SLOTS = 3


def _no_nul(value: str) -> str:
    if "\x00" in (value or ""):
        raise forms.ValidationError(_("The text contains a NUL byte."))
    return value


class AppealForm(KeepsUploadsMixin, forms.Form):
    statement = forms.CharField(
        label=_("Why the decision should change"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[_no_nul],
        help_text=_("A second reviewer reads it with your evidence; up to 5,000 characters."),
    )

    def evidence(self) -> list:
        return [
            self.cleaned_data[f"evidence_{n}"]
            for n in range(1, EVIDENCE_SLOTS + 1)
            if self.cleaned_data.get(f"evidence_{n}")
        ]


for _n in range(1, EVIDENCE_SLOTS + 1):
    AppealForm.base_fields[f"evidence_{_n}"] = DocumentField(
        label=lazy(lambda n=_n: _("Evidence %(n)d") % {"n": n}, str)(), required=False
    )


GRANT, DISMISS = "grant", "dismiss"


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (GRANT, _("Grant: reverse the decision")),
            (DISMISS, _("Dismiss: the decision stands")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", _("Choose a reason")), *AppealReason.choices]
    )
    answer = forms.CharField(
        label=_("Answer with reasons"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[_no_nul],
        help_text=_("Both parties read it."),
    )

    def clean(self):
        data = super().clean()
        decision, reason = data.get("decision"), data.get("reason")
        allowed = GRANT_REASONS if decision == GRANT else DISMISS_REASONS
        if decision and reason and reason not in allowed:
            self.add_error("reason", _("Choose a reason that fits the decision."))
        return data
