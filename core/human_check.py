"""The proof-of-work human check (ALTCHA) on the public forms (registration, the DMCA notice).

Two promises:
- Its difficulty is one setting, `IPP["HUMAN_CHECK_MAX_NUMBER"]`, used by the page widget (which
  then splits exactly that range among its workers) and by the API challenge alike.
- A check solved once is not asked for again when the form comes back with an error: the
  server remembers a verified solution in the visitor's session for
  `IPP["HUMAN_CHECK_REMEMBER_SECONDS"]`, per form, and forgets it once the form is accepted
  (single use per successful submission). Each solution itself is still single use (django-altcha's
  replay protection), so remembering it is the only way to carry it across a re-render."""

import time
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_altcha import AltchaField, AltchaWidget, get_altcha_challenge

SESSION_KEY = "ipp_human_check"
FIELD = "human_check"


def _setting(name: str, default: int) -> int:
    value: Any = settings.IPP.get(name, default)
    return int(value)


def max_number() -> int:
    """The challenge's upper bound: the number of hashes a browser tries in the worst case."""
    return _setting("HUMAN_CHECK_MAX_NUMBER", 250_000)


def remember_seconds() -> int:
    return _setting("HUMAN_CHECK_REMEMBER_SECONDS", 600)


def new_challenge():
    """A challenge for API clients, as hard as the page's."""
    return get_altcha_challenge(max_number=max_number())


class HumanCheckWidget(AltchaWidget):
    """django-altcha's widget with the portal's difficulty, read when the page renders: the
    challenge is made with it and the widget is told it (`maxnumber`), so its workers split
    exactly that range (without it they split 1,000,000 and the first worker does all the
    work)."""

    def get_context(self, name, value, attrs):
        self.options["maxnumber"] = max_number()
        self.options["strings"] = widget_strings()
        return super().get_context(name, value, attrs)


def widget_strings() -> dict[str, str]:
    """The widget's own words (its `strings` option), in the language of the page being rendered;
    without them it says "I'm not a robot" in English whatever the page's language."""
    return {
        "label": _("I'm not a robot"),
        "verifying": _("Verifying..."),
        "verified": _("Verified"),
        "verify": _("Verify"),
        "error": _("Verification failed. Try again later."),
        "expired": _("Verification expired. Try again."),
        "verificationRequired": _("Verification required!"),
        "waitAlert": _("Verifying... please wait."),
        "loading": _("Loading..."),
        "reload": _("Reload"),
        "ariaLinkLabel": _("Visit Altcha.org"),
        "footer": _("Protected by ALTCHA"),
        "enterCode": _("Enter code"),
        "enterCodeAria": _("Enter code you hear. Press Space to play audio."),
        "getAudioChallenge": _("Get an audio challenge"),
    }


class HumanCheckField(AltchaField):
    widget = HumanCheckWidget


def is_remembered(request: HttpRequest, scope: str) -> bool:
    until = request.session.get(SESSION_KEY, {}).get(scope)
    return isinstance(until, int | float) and until > time.time()


def remember(request: HttpRequest, scope: str) -> None:
    saved = dict(request.session.get(SESSION_KEY, {}))
    saved[scope] = time.time() + remember_seconds()
    request.session[SESSION_KEY] = saved


def forget(request: HttpRequest, scope: str) -> None:
    saved = dict(request.session.get(SESSION_KEY, {}))
    if saved.pop(scope, None) is not None:
        request.session[SESSION_KEY] = saved


class RememberedHumanCheckForm(forms.Form):
    """A form with a `human_check` field that the view may mark as already passed (the field is
    then left out and the page says so)."""

    def __init__(self, *args, human_check_passed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.human_check_passed = human_check_passed
        if human_check_passed:
            del self.fields[FIELD]

    def human_check_newly_solved(self) -> bool:
        """After is_valid(): whether this submission carried a solution the server verified."""
        return not self.human_check_passed and FIELD in getattr(self, "cleaned_data", {})


def keep_solved(request: HttpRequest, form: RememberedHumanCheckForm, scope: str) -> None:
    """Call after form.is_valid(): remember a freshly verified solution for the re-render."""
    if form.human_check_newly_solved():
        remember(request, scope)
        form.human_check_passed = True  # the re-rendered form says so instead of asking again
