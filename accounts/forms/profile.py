"""The account's own details."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ContactDetailsForm(forms.Form):
    contact_email = forms.EmailField(
        label=_("Contact email"),
        max_length=254,
        required=False,
        help_text=_(
            "Also receives notification emails. Sellers see this address, never your "
            "registered email."
        ),
        error_messages={"invalid": _("Enter a valid email address, like name@example.com.")},
    )
    phone = forms.RegexField(
        label=_("Phone"),
        required=False,
        max_length=40,
        regex=r"^\+?[0-9 ()\-./]{5,40}$",
        error_messages={
            "invalid": _(
                "Enter a phone number with digits, spaces, ( ) - . / and an optional leading +."
            )
        },
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
