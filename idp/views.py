import json

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import render
from jwcrypto import jwk

from . import keys
from .realms import REALMS


def realm_context(request):
    realm = getattr(request, "realm", None)
    return {"realm": realm, "realm_name": REALMS.get(realm or "", "")}


class MemberAuthenticationForm(AuthenticationForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        member = getattr(user, "member", None)
        if member is None or member.realm != getattr(self.request, "realm", None):
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class MemberLogin(auth_views.LoginView):
    template_name = "idp/login.html"
    authentication_form = MemberAuthenticationForm


def jwks(request, **kwargs):
    """The published keys only (idp/keys.py): an unpublished signing key stays unverifiable."""
    found = []
    for pem in keys.published_pems():
        key = jwk.JWK.from_pem(pem.encode())
        data = {"alg": "RS256", "use": "sig", "kid": key.thumbprint()}
        data.update(json.loads(key.export_public()))
        found.append(data)
    return JsonResponse({"keys": found})


def index(request):
    issuers = {
        realm: request.build_absolute_uri(f"/{realm}/o/.well-known/openid-configuration")
        for realm in REALMS
    }
    return render(request, "idp/index.html", {"realms": REALMS, "issuers": issuers})


def healthz(request):
    return JsonResponse({"status": "ok"})
