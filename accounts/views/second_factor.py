"""Second-factor pages: the sign-in's second step, setting up an authenticator app (staff on
their first sign-in, others when they choose), recovery codes, turning it off.

After the password (and an unknown device's emailed code) a sign-in that needs a second factor is
only pending: the session holds the account's id for a few minutes and nobody is signed in until
the code is accepted. A signed-in session that was never verified (the middleware sends it here)
takes the same step."""

import time
from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from core.errors import DomainError
from core.forms import show_domain_error
from core.http import client_ip
from core.rate_limits import ratelimit

from ..forms import second_factor as forms
from ..models import User
from ..services import second_factor as services

SESSION_PENDING = "ipp_second_factor_pending"
SESSION_NEW_CODES = "ipp_recovery_codes"
PENDING_SECONDS = 10 * 60
DEFAULT_NEXT = "/account/"


# --- the sign-in's second step -----------------------------------------------------------------
def begin_second_step(request, user: User, next_url: str):
    """The password (and device) checks passed: sign in, or hold the sign-in until the second
    factor (set it up first when a staff account has none)."""
    if not services.second_factor_needed(user):
        login(request, user)
        return redirect(next_url)
    request.session[SESSION_PENDING] = {"u": user.pk, "next": next_url, "t": int(time.time())}
    if services.has_second_factor(user):
        return redirect("accounts:second_factor")
    return redirect("accounts:second_factor_setup")


def _pending_user(request) -> User | None:
    pending = request.session.get(SESSION_PENDING) or {}
    if time.time() - pending.get("t", 0) > PENDING_SECONDS:
        request.session.pop(SESSION_PENDING, None)
        return None
    return User.objects.filter(pk=pending.get("u"), is_active=True).first()


def _signing_in(request) -> tuple[User, bool] | None:
    """Who takes the second step: the signed-in account, or the pending sign-in's (True)."""
    if request.user.is_authenticated:
        return request.user, False
    user = _pending_user(request)
    return (user, True) if user is not None else None


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return DEFAULT_NEXT


def _complete(request, user: User, device, pending: bool) -> str:
    """Sign in (or lift the signed-in session) as verified by `device`; a new session key either
    way. Returns where to go next."""
    if pending:
        next_url = (request.session.pop(SESSION_PENDING, None) or {}).get("next") or DEFAULT_NEXT
        login(request, user)
    else:
        next_url = _safe_next(request)
        request.session.cycle_key()
    otp_login(request, device)
    return next_url


def _to_login(request):
    messages.info(request, _("Sign in to continue."))
    return redirect("accounts:login")


def _with_next(name: str, request) -> str:
    target = request.GET.get("next")
    return reverse(name) + (f"?{urlencode({'next': target})}" if target else "")


@never_cache
@ratelimit(key="ip", rate="30/10m", method="POST", block=True)
def second_factor(request):
    who = _signing_in(request)
    if who is None:
        return _to_login(request)
    user, pending = who
    if not pending and request.user.is_verified():
        return redirect(_safe_next(request))
    if not services.has_second_factor(user):
        return redirect(_with_next("accounts:second_factor_setup", request))
    form = forms.SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.verify_second_factor(
                user=user, code=form.cleaned_data["code"], ip_address=client_ip(request)
            )
        except DomainError as error:
            show_domain_error(form, error, request)
        else:
            next_url = _complete(request, user, device, pending)
            if isinstance(device, StaticDevice):
                _warn_recovery_code_used(request, user)
            return redirect(next_url)
    return render(
        request,
        "accounts/second_factor_verify.html",
        {"form": form, "next": request.GET.get("next", ""), "signing_in_as": user.email},
    )


def _warn_recovery_code_used(request, user: User) -> None:
    left = services.recovery_codes_left(user)
    messages.warning(
        request,
        ngettext(
            "You used a recovery code; %(n)d is left. Make new ones from your account page.",
            "You used a recovery code; %(n)d are left. Make new ones from your account page.",
            left,
        )
        % {"n": left},
    )


# --- setting it up -----------------------------------------------------------------------------
@never_cache
@ratelimit(key="ip", rate="30/10m", method="POST", block=True)
def second_factor_setup(request):
    who = _signing_in(request)
    if who is None:
        return _to_login(request)
    user, pending = who
    if services.has_second_factor(user):
        if pending or not request.user.is_verified():
            return redirect(_with_next("accounts:second_factor", request))
        messages.info(request, _("Two-step verification is already on for this account."))
        return redirect("accounts:second_factor_manage")
    form = forms.ConfirmAuthenticatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_totp(
                user=user, code=form.cleaned_data["code"], ip_address=client_ip(request)
            )
        except DomainError as error:
            show_domain_error(form, error, request)
        else:
            next_url = _complete(request, user, services.authenticator(user), pending)
            request.session[SESSION_NEW_CODES] = {"codes": codes, "next": next_url}
            messages.success(request, _("Two-step verification is on."))
            return redirect("accounts:recovery_codes")
    device = services.enrol_totp(user=user, ip_address=client_ip(request))
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": _grouped(b32encode(device.bin_key).decode()),
            "required": services.second_factor_required(user),
            "next": request.GET.get("next", ""),
        },
    )


def _qr_svg(data: str) -> str:
    """The QR code as inline SVG made on the server: no script, no image from elsewhere."""
    svg = segno.make(data, error="m").svg_inline(
        scale=1,
        border=4,
        omitsize=True,
        dark="#111827",
        light="#ffffff",
        title=_("QR code to scan with your authenticator app"),
        svgclass="qr-code",
    )
    return mark_safe(svg)  # noqa: S308 - segno's own markup; its one text (the title) is escaped


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- recovery codes, status, turning it off ----------------------------------------------------
@never_cache
@login_required
def recovery_codes(request):
    shown = request.session.pop(SESSION_NEW_CODES, None)
    if not shown:
        messages.info(
            request,
            _("Recovery codes are shown only once. Make new ones if you have lost them."),
        )
        return redirect("accounts:second_factor_manage")
    return render(
        request,
        "accounts/second_factor_recovery_codes.html",
        {"codes": shown["codes"], "next": shown.get("next") or DEFAULT_NEXT},
    )


@login_required
def second_factor_manage(request):
    return render(
        request,
        "accounts/second_factor_manage.html",
        {"status": services.second_factor_status(request.user)},
    )


@login_required
def recovery_codes_regenerate(request):
    if request.method == "POST":
        try:
            codes = services.regenerate_recovery_codes(
                user=request.user, ip_address=client_ip(request)
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("accounts:second_factor_manage")
        request.session[SESSION_NEW_CODES] = {"codes": codes, "next": DEFAULT_NEXT}
        return redirect("accounts:recovery_codes")
    return render(
        request,
        "accounts/second_factor_regenerate.html",
        {"status": services.second_factor_status(request.user)},
    )


@ratelimit(key="ip", rate="30/10m", method="POST", block=True)
@login_required
def second_factor_disable(request):
    status = services.second_factor_status(request.user)
    if not status.enabled:
        return redirect("accounts:second_factor_manage")
    form = forms.SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.disable_second_factor(
                user=request.user, code=form.cleaned_data["code"], ip_address=client_ip(request)
            )
        except DomainError as error:
            show_domain_error(form, error, request)
        else:
            messages.success(request, _("Two-step verification is off."))
            return redirect("accounts:account")
    return render(request, "accounts/second_factor_disable.html", {"form": form, "status": status})
