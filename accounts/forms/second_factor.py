"""Second-factor forms: a code from the authenticator app, or a recovery code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..services.second_factor import RECOVERY_CODE, TOTP_CODE, normalize_code

CODE_ATTRS = {
    "autocomplete": "one-time-code",
    "autocapitalize": "off",
    "autocorrect": "off",
    "spellcheck": "false",
    "maxlength": "12",
}


class SecondFactorForm(forms.Form):
    """Sign-in's second step (and turning the second factor off): an app code or a recovery
    code."""

    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(attrs=CODE_ATTRS),
        help_text=_("6 digits from the app, or one of your recovery codes (like abcd-efgh)."),
        error_messages={"required": _("Enter the 6-digit code from your authenticator app.")},
    )

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if not (TOTP_CODE.fullmatch(code) or RECOVERY_CODE.fullmatch(code)):
            raise forms.ValidationError(
                _(
                    "Enter the 6-digit code from your authenticator app, or one of your "
                    "recovery codes (8 letters and digits)."
                )
            )
        return code


class ConfirmAuthenticatorForm(forms.Form):
    """Set-up: the app's first code proves it holds the secret."""

    code = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={**CODE_ATTRS, "inputmode": "numeric", "pattern": r"[0-9 ]{6,7}"}
        ),
        error_messages={"required": _("Enter the 6-digit code your app shows now.")},
    )

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if not TOTP_CODE.fullmatch(code):
            raise forms.ValidationError(_("Enter the 6 digits your authenticator app shows now."))
        return code
