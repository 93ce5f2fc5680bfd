"""The account's own details."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.timezones import default_time_zone_name, time_zone_names


def _zone_choices() -> list[tuple[str, str]]:
    default = _("Portal default (%(zone)s)") % {"zone": default_time_zone_name()}
    return [("", default)] + [(name, name.replace("_", " ")) for name in time_zone_names()]


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
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        choices=_zone_choices,
        help_text=_("Dates, times and deadlines are shown in this time zone."),
        error_messages={"invalid_choice": _("Choose a time zone from the list.")},
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=lambda: [("", _("As my browser asks"))] + list(settings.LANGUAGES),
        help_text=_("Pages, emails and notifications are in this language."),
        error_messages={"invalid_choice": _("Choose a language from the list.")},
    )
