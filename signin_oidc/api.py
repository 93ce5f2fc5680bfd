"""Marketplace accounts in the API: list the account's linked marketplace accounts and unlink
one. Linking needs the marketplace's pages in a browser (the account page's buttons).

API clients of an account made through a marketplace sign-in authenticate like any other: the
account first gets a password (POST /api/v1/auth/password-reset/, or "Forgot password?"), then
POST /api/v1/auth/login/ returns the client's token (README, API)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.http import client_ip

from . import selectors, services
from .models import MarketplaceIdentity


class MarketplaceIdentityOut(serializers.ModelSerializer):
    class Meta:
        model = MarketplaceIdentity
        fields = ["id", "marketplace", "issuer", "subject", "email", "name", "linked_at"]
        read_only_fields = fields


class MarketplaceIdentityList(APIView):
    @extend_schema(
        summary="The account's linked marketplace accounts (marketplace sign-in)",
        description=(
            "Accounts created through a marketplace sign-in have no password: to use the API, "
            "set one with POST /api/v1/auth/password-reset/, then sign in with POST "
            "/api/v1/auth/login/."
        ),
        responses=MarketplaceIdentityOut(many=True),
    )
    def get(self, request):
        return Response(
            MarketplaceIdentityOut(selectors.identities_of(request.user), many=True).data
        )


class MarketplaceIdentityUnlink(APIView):
    @extend_schema(
        summary="Unlink a marketplace account",
        description="Refused (400 last_sign_in_method) when it is the account's only way in.",
        request=None,
        responses={204: None, 400: None, 404: None},
    )
    def post(self, request, pk: int):
        identity = selectors.access_identity(request.user, pk)
        services.unlink_identity(
            identity=identity, actor=request.user, ip_address=client_ip(request)
        )
        return Response(status=204)
