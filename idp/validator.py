"""django-oauth-toolkit's validator, told about realms: a client only works at its own realm's
endpoints, and the ID token carries the member's marketplace subject, email and stores."""

from oauth2_provider.oauth2_validators import OAuth2Validator

from .models import Member, RealmClient
from .realms import current_realm


class RealmValidator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "ipp_stores": "openid",
        "marketplace": "openid",
    }

    def validate_client_id(self, client_id, request, *args, **kwargs):
        if not super().validate_client_id(client_id, request, *args, **kwargs):
            return False
        return RealmClient.objects.filter(
            application__client_id=client_id, realm=current_realm()
        ).exists()

    def authenticate_client(self, request, *args, **kwargs):
        if not super().authenticate_client(request, *args, **kwargs):
            return False
        return RealmClient.objects.filter(
            application=request.client, realm=current_realm()
        ).exists()

    def get_claim_dict(self, request):
        claims = super().get_claim_dict(request)
        claims["sub"] = Member.objects.get(user=request.user).subject
        return claims

    def get_additional_claims(self, request):
        member = Member.objects.get(user=request.user)
        return {
            "email": request.user.email,
            "email_verified": member.email_verified,
            "name": member.display_name,
            "preferred_username": request.user.username,
            "marketplace": member.realm,
            "ipp_stores": member.stores,
        }

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration = super().get_id_token_dictionary(token, token_handler, request)
        quirk = RealmClient.objects.filter(application=request.client).first()
        if quirk and quirk.id_token_audience:
            claims["aud"] = quirk.id_token_audience
        return claims, expiration
