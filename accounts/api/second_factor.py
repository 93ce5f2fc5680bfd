"""The account's own second factor, as seen through the API (setting it up needs the browser:
the QR code is a page)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ..services.second_factor import second_factor_status


class SecondFactorStatusOut(serializers.Serializer):
    enabled = serializers.BooleanField(help_text="Two-step verification is on.")
    required = serializers.BooleanField(
        help_text="Staff accounts must keep it on and cannot turn it off."
    )
    device_kind = serializers.CharField(help_text='"totp" (an authenticator app), or "" when off.')
    recovery_codes_left = serializers.IntegerField()
    last_used_at = serializers.DateTimeField(allow_null=True)


class SecondFactorStatusView(APIView):
    @extend_schema(
        summary="Your two-step verification: on or off, how, recovery codes left",
        responses=SecondFactorStatusOut,
    )
    def get(self, request):
        return Response(SecondFactorStatusOut(second_factor_status(request.user)).data)
