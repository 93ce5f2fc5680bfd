"""The registration questions a new marketplace identity answers (the email comes verified from
the marketplace; no password, no emailed code, no human check: the marketplace signed them in)."""

from django import forms

from accounts.forms.registration import RegistrationForm

ANSWER_FIELDS = ("location", "identity_kind", "registrant_category")


class CompleteRegistrationForm(forms.Form):
    location = RegistrationForm.base_fields["location"]
    identity_kind = RegistrationForm.base_fields["identity_kind"]
    registrant_category = RegistrationForm.base_fields["registrant_category"]
    agree = RegistrationForm.base_fields["agree"]

    def __init__(self, *args, seller: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.seller = seller
        if seller:  # a seller answers complaints; it neither owns nor represents an IPR here
            del self.fields["registrant_category"]


def partial_answers(data) -> dict[str, str]:
    """The answers given so far (kept across the marketplace's pages), each only if it is one
    of the field's choices."""
    kept = {}
    for name in ANSWER_FIELDS:
        value = str(data.get(name) or "")
        choices = {str(c[0]) for c in RegistrationForm.base_fields[name].choices}  # type: ignore[attr-defined]
        if value and value in choices:
            kept[name] = value
    return kept
