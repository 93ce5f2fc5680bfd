"""Sign-in pages: login, unlocking an unknown device, logout, password reset."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.forms import show_domain_error
from core.http import client_ip, user_agent
from core.rate_limits import ratelimit
from core.timezones import zone_for

from .. import policy, selectors
from ..forms import registration as registration_forms
from ..forms import signin as signin_forms
from ..services import signin as signin_services
from ..services.password_reset import request_password_reset
from .second_factor import begin_second_step

SESSION_UNLOCK_USER = "ipp_unlock_user"


IPP = settings.IPP


def set_device_cookie(response, token: str):
    response.set_cookie(
        IPP["DEVICE_COOKIE"],
        token,
        max_age=int(IPP["DEVICE_COOKIE_AGE"].total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


@ratelimit(key="ip", rate=IPP["LOGIN_RATE_PER_IP"], method="POST", block=True)
def member_login(request):
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = signin_forms.LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = signin_services.sign_in(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                device_token=request.COOKIES.get(IPP["DEVICE_COOKIE"]),
                ip_address=client_ip(request),
                user_agent=user_agent(request),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if result.unusual_activity:
                request.session[SESSION_UNLOCK_USER] = result.user.pk
                return redirect("accounts:unlock")
            return begin_second_step(request, result.user, _next_url(request))
    return render(request, "accounts/login.html", {"form": form})


def _next_url(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return "/account/"


@ratelimit(key="ip", rate="30/10m", method="POST", block=True)
def unlock(request):
    user = selectors.account_for_unlock(request.session.get(SESSION_UNLOCK_USER))
    form = registration_forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token = signin_services.unlock_with_code(
                user=user,
                code=form.cleaned_data["code"],
                ip_address=client_ip(request),
                user_agent=user_agent(request),
            )
        except DomainError as error:
            show_domain_error(form, error, request)
        else:
            request.session.pop(SESSION_UNLOCK_USER, None)
            messages.success(request, _("Your account is unlocked and this device is trusted."))
            return set_device_cookie(begin_second_step(request, user, "/account/"), token)
    status = signin_services.unlock_code_status(user)
    # Not signed in yet, but the account is known: its times in its own zone (HH:MM it was sent).
    timezone.activate(zone_for(getattr(user, "time_zone", "")))
    return render(
        request,
        "accounts/unlock.html",
        {
            "form": form,
            "masked_email": _mask(user.email),
            "message": signin_services.UNUSUAL_ACTIVITY,
            "status": status,
            "delivery": status.delivery,
            "resend_seconds": int(policy.resend_min_interval().total_seconds()),
            "resend_per_hour": policy.resend_max_per_hour(),
        },
    )


@require_POST
@ratelimit(key="ip", rate="30/10m", method="POST", block=True)
def unlock_resend(request):
    user = selectors.account_for_unlock(request.session.get(SESSION_UNLOCK_USER))
    try:
        signin_services.resend_unlock_code(user=user, ip_address=client_ip(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("A new code is on its way to your registered email."))
    return redirect("accounts:unlock")


def _mask(email: str) -> str:
    local, _sep, domain = email.partition("@")
    return f"{local[:2]}{'*' * max(len(local) - 2, 1)}@{domain}"


@require_POST
def member_logout(request):
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("home")


@ratelimit(key="ip", rate="10/h", method="POST", block=True)
def password_reset(request):
    form = signin_forms.PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request_password_reset(email=form.cleaned_data["email"])
        return render(request, "accounts/password_reset_sent.html")
    return render(request, "accounts/password_reset.html", {"form": form})
