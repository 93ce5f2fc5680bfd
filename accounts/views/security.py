"""The account's security page: browser sessions, API clients, signing out everywhere, changing
the password, the security log; and setting a password from a reset link."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.forms import show_domain_error
from core.http import client_ip

from .. import selectors
from ..services import credentials
from ..services.passwords import change_password, reset_password


@login_required
def security(request):
    return render(
        request,
        "accounts/security.html",
        {
            "browser_sessions": selectors.browser_sessions(request.user),
            "current_session_key": request.session.session_key,
            "api_tokens": selectors.api_tokens(request.user),
            "events": selectors.security_log(request.user),
        },
    )


@login_required
@require_POST
def session_sign_out(request, pk: int):
    row = selectors.access_browser_session(request.user, pk)
    if row.session_key == request.session.session_key:
        messages.info(request, _("To sign this browser out, use Sign out."))
        return redirect("accounts:security")
    credentials.revoke_browser_session(
        user=request.user, session_id=pk, actor=request.user, ip_address=client_ip(request)
    )
    messages.success(request, _("That browser session is signed out."))
    return redirect("accounts:security")


@login_required
@require_POST
def api_token_revoke(request, token_id):
    token = selectors.access_api_token(request.user, token_id)
    credentials.revoke_api_token(
        user=request.user, token_id=token_id, actor=request.user, ip_address=client_ip(request)
    )
    messages.success(
        request, _("%(client)s can no longer use the API.") % {"client": token.client_name}
    )
    return redirect("accounts:security")


@login_required
def sign_out_everywhere(request):
    if request.method != "POST":
        return render(request, "accounts/security_confirm_sign_out_everywhere.html")
    revoked = credentials.sign_out_everywhere(
        user=request.user,
        actor=request.user,
        keep_session_key=request.session.session_key,
        ip_address=client_ip(request),
    )
    sessions = ngettext(
        "%(count)d browser session ended", "%(count)d browser sessions ended", revoked.sessions
    ) % {"count": revoked.sessions}
    tokens = ngettext(
        "%(count)d API client revoked", "%(count)d API clients revoked", revoked.api_tokens
    ) % {"count": revoked.api_tokens}
    messages.success(
        request,
        _("Signed out everywhere else: %(sessions)s, %(tokens)s. This browser stays signed in.")
        % {"sessions": sessions, "tokens": tokens},
    )
    return redirect("accounts:security")


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change_password(
                user=request.user,
                current_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
                keep_session_key=request.session.session_key,
                ip_address=client_ip(request),
            )
        except DomainError as error:
            show_domain_error(form, error, request)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(
                request, _("Your password is changed. You are signed out everywhere else.")
            )
            return redirect("accounts:security")
    return render(request, "accounts/security_password.html", {"form": form})


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """Django's reset-link page, setting the password through the service so that every API
    token and every browser session of the account is revoked."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):
        reset_password(
            user=form.user,
            new_password=form.cleaned_data["new_password1"],
            ip_address=client_ip(self.request),
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(
            self.request,
            _("Your password is set and you are signed out everywhere. Sign in with it now."),
        )
        return HttpResponseRedirect(self.get_success_url())
