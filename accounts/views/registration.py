"""Registration pages: email and location, the emailed code, the password."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import human_check
from core.csp import human_check_page
from core.errors import DomainError
from core.forms import show_domain_error
from core.http import client_ip, user_agent
from core.idempotency import form_once
from core.rate_limits import ratelimit

from .. import selectors
from ..forms import registration as registration_forms
from ..models import CodePurpose
from ..services import registration as registration_services
from ..services.codes import code_delivery
from .signin import set_device_cookie

SESSION_REGISTRATION = "ipp_registration"
# Answers given before leaving for a marketplace's sign-in (signin_oidc), shown again here.
SESSION_REGISTRATION_ANSWERS = "ipp_registration_answers"
# A solved human check is remembered across a re-render after an error (core/human_check.py).
HUMAN_CHECK_SCOPE = "registration"


IPP = settings.IPP


@human_check_page
@ratelimit(key="ip", rate=IPP["REGISTER_RATE_PER_IP"], method="POST", block=True)
@form_once
def register(request):
    agreement = selectors.agreement_version()
    form = registration_forms.RegistrationForm(
        request.POST or None,
        initial=request.session.get(SESSION_REGISTRATION_ANSWERS),
        human_check_passed=human_check.is_remembered(request, HUMAN_CHECK_SCOPE),
    )
    valid = request.method == "POST" and form.is_valid()
    if request.method == "POST":
        human_check.keep_solved(request, form, HUMAN_CHECK_SCOPE)
    if valid:
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
            show_domain_error(form, error, request)
        else:
            human_check.forget(request, HUMAN_CHECK_SCOPE)
            request.session[SESSION_REGISTRATION] = str(reg.pk)
            return redirect("accounts:register_verify")
    return render(request, "accounts/register.html", {"form": form, "agreement": agreement})


@ratelimit(key="ip", rate="30/10m", method="POST", block=True)
def register_verify(request):
    reg = selectors.pending_registration(request.session.get(SESSION_REGISTRATION))
    if reg.status == "email_verified":
        return redirect("accounts:register_password")
    form = registration_forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration_services.verify_registration_email(
                registration=reg, code=form.cleaned_data["code"]
            )
        except DomainError as error:
            show_domain_error(form, error, request)
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
    form = registration_forms.SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, token = registration_services.complete_registration(
                registration=reg,
                password=form.cleaned_data["password1"],
                ip_address=client_ip(request),
                user_agent=user_agent(request),
                language=request.LANGUAGE_CODE,
            )
        except DomainError as error:
            if error.field == "password":  # the service's "password" is this form's password1
                error.field = "password1"
            show_domain_error(form, error, request)
        else:
            request.session.pop(SESSION_REGISTRATION, None)
            login(request, user)
            messages.success(request, _("Your account is registered."))
            return set_device_cookie(redirect("accounts:account"), token)
    return render(request, "accounts/register_password.html", {"form": form, "registration": reg})
