from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from core.errors import DomainError
from core.http import client_ip, user_agent
from core.idempotency import form_once

from . import forms, selectors
from .models import CodePurpose
from .services import registration as registration_services
from .services import signin as signin_services
from .services.codes import code_delivery
from .services.password_reset import request_password_reset
from .services.profile import update_contact_details

SESSION_REGISTRATION = "ipp_registration"
SESSION_UNLOCK_USER = "ipp_unlock_user"
IPP = settings.IPP


def _set_device_cookie(response, token: str):
    response.set_cookie(
        IPP["DEVICE_COOKIE"],
        token,
        max_age=int(IPP["DEVICE_COOKIE_AGE"].total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def _show_error(request, form, error: DomainError) -> None:
    if error.field and form is not None and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        messages.error(request, error.message)


@ratelimit(key="ip", rate=IPP["REGISTER_RATE_PER_IP"], method="POST", block=True)
@form_once
def register(request):
    agreement = selectors.agreement_version()
    form = forms.RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reg = registration_services.start_registration(
                email=form.cleaned_data["email"],
                location=form.cleaned_data["location"],
                identity_kind=form.cleaned_data["identity_kind"],
                registrant_category=form.cleaned_data["registrant_category"],
                agreement=agreement,
                ip_address=client_ip(request),
            )
        except DomainError as error:
            _show_error(request, form, error)
        else:
            request.session[SESSION_REGISTRATION] = str(reg.pk)
            return redirect("accounts:register_verify")
    return render(request, "accounts/register.html", {"form": form, "agreement": agreement})


@ratelimit(key="ip", rate="30/10m", method="POST", block=True)
def register_verify(request):
    reg = selectors.pending_registration(request.session.get(SESSION_REGISTRATION))
    if reg.status == "email_verified":
        return redirect("accounts:register_password")
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration_services.verify_registration_email(
                registration=reg, code=form.cleaned_data["code"]
            )
        except DomainError as error:
            _show_error(request, form, error)
        else:
            return redirect("accounts:register_password")
    delivery = code_delivery(purpose=CodePurpose.REGISTRATION, registration=reg)
    return render(
        request,
        "accounts/register_verify.html",
        {"form": form, "registration": reg, "delivery": delivery},
    )


@require_POST
def register_resend(request):
    reg = selectors.pending_registration(request.session.get(SESSION_REGISTRATION))
    try:
        registration_services.resend_registration_code(registration=reg)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("A new code is on its way to %(email)s.") % {"email": reg.email}
        )
    return redirect("accounts:register_verify")


@form_once
def register_password(request):
    reg = selectors.pending_registration(request.session.get(SESSION_REGISTRATION))
    if reg.status != "email_verified":
        return redirect("accounts:register_verify")
    form = forms.SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, token = registration_services.complete_registration(
                registration=reg,
                password=form.cleaned_data["password1"],
                ip_address=client_ip(request),
                user_agent=user_agent(request),
            )
        except DomainError as error:
            if error.field == "password":  # the service's "password" is this form's password1
                error.field = "password1"
            _show_error(request, form, error)
        else:
            request.session.pop(SESSION_REGISTRATION, None)
            login(request, user)
            messages.success(request, _("Your account is registered."))
            return _set_device_cookie(redirect("accounts:account"), token)
    return render(request, "accounts/register_password.html", {"form": form, "registration": reg})


@ratelimit(key="ip", rate=IPP["LOGIN_RATE_PER_IP"], method="POST", block=True)
def member_login(request):
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = forms.LoginForm(request.POST or None)
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
            login(request, result.user)
            return redirect(_next_url(request))
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
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token = signin_services.unlock_with_code(
                user=user,
                code=form.cleaned_data["code"],
                ip_address=client_ip(request),
                user_agent=user_agent(request),
            )
        except DomainError as error:
            _show_error(request, form, error)
        else:
            request.session.pop(SESSION_UNLOCK_USER, None)
            login(request, user)
            messages.success(request, _("Your account is unlocked and this device is trusted."))
            return _set_device_cookie(redirect("accounts:account"), token)
    return render(
        request,
        "accounts/unlock.html",
        {
            "form": form,
            "masked_email": _mask(user.email),
            "message": signin_services.UNUSUAL_ACTIVITY,
            "delivery": code_delivery(purpose=CodePurpose.UNLOCK, user=user),
        },
    )


@require_POST
def unlock_resend(request):
    user = selectors.account_for_unlock(request.session.get(SESSION_UNLOCK_USER))
    try:
        signin_services.resend_unlock_code(user=user)
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


@login_required
def account(request):
    return render(
        request,
        "accounts/account.html",
        {
            "account": request.user,
            "filing_block": selectors.filing_block_reason(request.user),
        },
    )


@login_required
def contact_details(request):
    user = request.user
    form = forms.ContactDetailsForm(
        request.POST or None,
        initial={"contact_email": user.contact_email, "phone": user.phone, "address": user.address},
    )
    if request.method == "POST" and form.is_valid():
        update_contact_details(user=user, **form.cleaned_data)
        messages.success(request, _("Your contact details are saved."))
        return redirect("accounts:account")
    return render(request, "accounts/contact_details.html", {"form": form})


@ratelimit(key="ip", rate="10/h", method="POST", block=True)
def password_reset(request):
    form = forms.PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request_password_reset(
            email=form.cleaned_data["email"],
            domain=request.get_host(),
            use_https=request.is_secure(),
        )
        return render(request, "accounts/password_reset_sent.html")
    return render(request, "accounts/password_reset.html", {"form": form})


def agreement(request, version: str | None = None):
    return render(
        request,
        "accounts/agreement.html",
        {
            "agreement": selectors.agreement_version(version),
        },
    )
