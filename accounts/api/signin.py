"""Sign-in API: login, unlock an unknown device, logout, password reset."""

from django.conf import settings
from django.core import signing
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import DomainError
from core.http import client_ip, user_agent

from .. import selectors
from ..services import signin as signin_services
from ..services.password_reset import request_password_reset
from .registration import CodeIn, SessionOut

IPP = settings.IPP


UNLOCK_SALT = "ipp.unlock-ticket"


class LoginIn(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    device_token = serializers.CharField(max_length=200, required=False, allow_blank=True)


class PasswordResetIn(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class UnlockIn(CodeIn):
    unlock_ticket = serializers.CharField(max_length=500)


@method_decorator(ratelimit(key="ip", rate=IPP["LOGIN_RATE_PER_IP"], block=True), "post")
class LoginView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        summary="Member login",
        description=(
            "Returns an API token. From an unknown device the account is temporarily locked: "
            "the answer is 403 with code `unusual_activity` and an `unlock_ticket`; a code goes "
            "to the registered email; POST it to /api/v1/auth/unlock/."
        ),
        request=LoginIn,
        responses={200: SessionOut, 400: None, 403: None, 429: None},
    )
    def post(self, request):
        data = LoginIn(data=request.data)
        data.is_valid(raise_exception=True)
        result = signin_services.sign_in(
            email=data.validated_data["email"],
            password=data.validated_data["password"],
            device_token=data.validated_data.get("device_token"),
            ip_address=client_ip(request),
            user_agent=user_agent(request),
        )
        if result.unusual_activity:
            ticket = signing.dumps({"u": result.user.pk}, salt=UNLOCK_SALT)
            return Response(
                {
                    "detail": str(signin_services.UNUSUAL_ACTIVITY),
                    "code": "unusual_activity",
                    "unlock_ticket": ticket,
                },
                status=403,
            )
        token, _created = Token.objects.get_or_create(user=result.user)
        return Response({"token": token.key})


@method_decorator(ratelimit(key="ip", rate="30/10m", block=True), "post")
class UnlockView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        summary="Unlock with the emailed code; trusts the device",
        request=UnlockIn,
        responses={200: SessionOut},
    )
    def post(self, request):
        data = UnlockIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            payload = signing.loads(
                data.validated_data["unlock_ticket"], salt=UNLOCK_SALT, max_age=30 * 60
            )
        except signing.BadSignature as exc:
            raise DomainError(
                _("The unlock ticket is invalid or expired; sign in again."),
                code="bad_ticket",
                field="unlock_ticket",
            ) from exc
        user = selectors.account_for_unlock(payload.get("u"))
        device_token = signin_services.unlock_with_code(
            user=user,
            code=data.validated_data["code"],
            ip_address=client_ip(request),
            user_agent=user_agent(request),
        )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key, "device_token": device_token})


class LogoutView(APIView):
    @extend_schema(summary="Revoke this API token", request=None, responses={204: None})
    def post(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=204)


@method_decorator(ratelimit(key="ip", rate="10/h", block=True), "post")
class PasswordResetView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        summary="Email a password-reset link (same answer whether or not the email is registered)",
        request=PasswordResetIn,
        responses={202: None},
    )
    def post(self, request):
        data = PasswordResetIn(data=request.data)
        data.is_valid(raise_exception=True)
        email = data.validated_data["email"]
        request_password_reset(
            email=email, domain=request.get_host(), use_https=request.is_secure()
        )
        return Response(
            {"detail": _("If the address is registered, a link is on its way.")}, status=202
        )
