"""Registration forms: email, code, password."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.human_check import HumanCheckField, RememberedHumanCheckForm

from ..models import IdentityKind, RegistrantCategory

CODE_VALIDATOR = RegexValidator(r"^\d{6}$", _("Enter the 6-digit code from the email."))


class RegistrationForm(RememberedHumanCheckForm):
    location = forms.ChoiceField(
        label=_("Location"),
        choices=[("", _("Select your country or region"))] + list(countries),
        error_messages={"required": _("Select your country or region.")},
    )
    identity_kind = forms.ChoiceField(
        label=_("Identity"),
        choices=IdentityKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether you register as an individual or a business.")
        },
    )
    registrant_category = forms.ChoiceField(
        label=_("Registrant category"),
        choices=RegistrantCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you own the IPR or act as its agent.")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter a valid email address, like name@example.com."),
        },
    )
    human_check = HumanCheckField(
        label=_("Human check"),
        hidefooter=True,
        error_messages={
            "required": _(
                "Complete the human check: tick “I'm not a robot” and wait for the check mark."
            ),
            "invalid": _("The human check failed or expired. Please complete it again."),
            "error": _("The human check failed or expired. Please complete it again."),
            "replay": _("That human check was already used. Please complete it again."),
        },
    )
    agree = forms.BooleanField(
        label=_("I agree to the IPP User Agreement"),
        error_messages={"required": _("You must agree to the IPP User Agreement to register.")},
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class CodeForm(forms.Form):
    # The regex alone checks the length, so a wrong length is reported once, not twice.
    code = forms.CharField(
        label=_("Verification code"),
        validators=[CODE_VALIDATOR],
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": r"\d{6}",
                "maxlength": "6",
            }
        ),
        error_messages={"required": _("Enter the 6-digit code from the email.")},
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
        error_messages={"required": _("Choose a password.")},
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Repeat the password.")},
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("password1")
            and data.get("password2")
            and data["password1"] != data["password2"]
        ):
            self.add_error("password2", _("The two passwords do not match."))
        return data
