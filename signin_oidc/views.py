"""Marketplace sign-in pages: start (POST from a button), the provider's callback, the
registration questions for a new identity, unlinking. Every refusal is shown on the login page
(on the account page for linking) with its own message; answers already given are kept."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from accounts import selectors as account_selectors
from accounts.services.external_signin import sign_in_verified
from accounts.views.registration import SESSION_REGISTRATION_ANSWERS
from accounts.views.second_factor import begin_second_step
from accounts.views.signin import SESSION_UNLOCK_USER, set_device_cookie
from core.errors import DomainError
from core.forms import show_domain_error
from core.http import client_ip, user_agent

from . import provider, selectors, services
from .forms import CompleteRegistrationForm, partial_answers
from .models import marketplace_name
from .provider import SignInRefused, VerifiedIdentity

IPP = settings.IPP
SESSION_PENDING = "ipp_marketplace_pending"
PENDING_SECONDS = 15 * 60
INTENTS = ("signin", "register", "link")


def _config(name: str) -> provider.ProviderConfig:
    config = provider.config_for(name)
    if config is None:
        raise Http404
    return config


def _refused(request, error: DomainError, intent: str):
    messages.error(request, error.message)
    if intent == "link":
        return redirect("accounts:account")
    return redirect("accounts:login")


@require_POST
@ratelimit(key="ip", rate=IPP["LOGIN_RATE_PER_IP"], method="POST", block=True)
def start(request, marketplace: str):
    config = _config(marketplace)
    intent = request.POST.get("intent", "signin")
    if intent not in INTENTS:
        intent = "signin"
    if intent == "link" and not request.user.is_authenticated:
        return redirect("accounts:login")
    if intent == "register":
        request.session[SESSION_REGISTRATION_ANSWERS] = partial_answers(request.POST)
    try:
        url = provider.begin(request, config, intent=intent, next_url=_next(request))
    except SignInRefused as error:
        return _refused(request, error, intent)
    return redirect(url)


def _next(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return ""


def callback(request, marketplace: str):
    config = _config(marketplace)
    try:
        verified, flow = provider.finish(request, config)
    except SignInRefused as error:
        return _refused(request, error, error.intent)
    if flow["intent"] == "link":
        return _link(request, verified, flow)
    identity = selectors.identity_for(issuer=verified.issuer, subject=verified.subject)
    if identity is not None and flow["intent"] == "signin":
        return _sign_in(request, identity, verified, flow)
    try:
        services.check_can_register(verified)
    except DomainError as error:
        if error.code == "email_in_use":
            services.record_takeover_refusal(verified=verified, ip_address=client_ip(request))
        return _refused(request, error, flow["intent"])
    request.session[SESSION_PENDING] = verified.as_session()
    return redirect("signin_oidc:register")


def _link(request, verified: VerifiedIdentity, flow):
    if not request.user.is_authenticated or request.user.pk != flow["uid"]:
        messages.error(request, _("Sign in to the account you want to link, then try again."))
        return redirect("accounts:login")
    try:
        identity = services.link_identity(
            user=request.user, verified=verified, ip_address=client_ip(request)
        )
    except DomainError as error:
        return _refused(request, error, "link")
    messages.success(
        request,
        _("Your %(marketplace)s account is linked. You can sign in with it from now on.")
        % {"marketplace": marketplace_name(identity.marketplace)},
    )
    return redirect("accounts:account")


def _sign_in(request, identity, verified: VerifiedIdentity, flow):
    ip = client_ip(request)
    try:
        result = sign_in_verified(
            user=identity.user,
            device_token=request.COOKIES.get(IPP["DEVICE_COOKIE"]),
            ip_address=ip,
            user_agent=user_agent(request),
        )
    except DomainError as error:
        services.record_refusal(
            user=identity.user, marketplace=identity.marketplace, code=error.code, ip_address=ip
        )
        return _refused(request, error, "signin")
    links = services.record_sign_in(identity=identity, verified=verified, ip_address=ip)
    _report_stores(request, links)
    if result.unusual_activity:
        request.session[SESSION_UNLOCK_USER] = result.user.pk
        return redirect("accounts:unlock")
    return begin_second_step(request, result.user, flow["next"] or _home(result.user))


def _home(user) -> str:
    return reverse("reviews:seller_home") if user.is_seller else reverse("accounts:account")


def _report_stores(request, links: services.StoreLinks) -> None:
    if links.linked:
        messages.success(
            request,
            _("Your account now answers for: %(stores)s.")
            % {"stores": ", ".join(s.store_name for s in links.linked)},
        )
    if links.refused:
        messages.warning(
            request,
            _(
                "%(stores)s is answered for by another IPP account. Contact the IPP team if it "
                "should be yours."
            )
            % {"stores": ", ".join(s.store_name for s in links.refused)},
        )


def _pending(request) -> VerifiedIdentity | None:
    data = request.session.get(SESSION_PENDING)
    if not data or time.time() - data.get("at", 0) > PENDING_SECONDS:
        request.session.pop(SESSION_PENDING, None)
        return None
    return VerifiedIdentity.from_session(data)


def register(request):
    """A new marketplace identity answers the registration questions; the account is created
    with the marketplace's verified email."""
    verified = _pending(request)
    if verified is None:
        messages.error(request, _("The marketplace sign-in expired. Start it again."))
        return redirect("accounts:login")
    agreement = account_selectors.agreement_version()
    seller = bool(verified.stores)
    form = CompleteRegistrationForm(
        request.POST or None,
        initial=request.session.get(SESSION_REGISTRATION_ANSWERS),
        seller=seller,
    )
    if request.method == "POST":
        request.session[SESSION_REGISTRATION_ANSWERS] = partial_answers(request.POST)
    if request.method == "POST" and form.is_valid():
        try:
            user, token, links = services.register_with_identity(
                verified=verified,
                location=form.cleaned_data["location"],
                identity_kind=form.cleaned_data["identity_kind"],
                registrant_category=form.cleaned_data.get("registrant_category") or "ipr_owner",
                agreement=agreement,
                ip_address=client_ip(request),
                user_agent=user_agent(request),
                language=request.LANGUAGE_CODE,
            )
        except DomainError as error:
            show_domain_error(form, error, request)
        else:
            request.session.pop(SESSION_PENDING, None)
            request.session.pop(SESSION_REGISTRATION_ANSWERS, None)
            messages.success(request, _("Your account is registered."))
            _report_stores(request, links)
            return set_device_cookie(begin_second_step(request, user, _home(user)), token)
    return render(
        request,
        "signin_oidc/register.html",
        {
            "form": form,
            "verified": verified,
            "seller": seller,
            "agreement": agreement,
            "marketplace_label": marketplace_name(verified.marketplace),
        },
    )


@login_required
@require_POST
def unlink(request, pk: int):
    identity = selectors.access_identity(request.user, pk)
    try:
        services.unlink_identity(
            identity=identity, actor=request.user, ip_address=client_ip(request)
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Your %(marketplace)s account is unlinked.")
            % {"marketplace": marketplace_name(identity.marketplace)},
        )
    return redirect("accounts:account")
