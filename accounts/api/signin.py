"""Sign-in API: login, unlock an unknown device, the second factor, logout, password reset."""

from django.conf import settings
from django.core import signing
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import DomainError
from core.http import client_ip, user_agent
from core.rate_limits import ratelimit

from .. import selectors
from ..models import ApiToken
from ..services import second_factor as second_factor_services
from ..services import signin as signin_services
from ..services.credentials import end_api_token
from ..services.password_reset import request_password_reset
from .credentials import api_token_answer
from .registration import CodeIn, SessionOut

IPP = settings.IPP


UNLOCK_SALT = "ipp.unlock-ticket"
UNLOCK_TICKET_SECONDS = 30 * 60
SECOND_FACTOR_SALT = "ipp.second-factor-ticket"
SECOND_FACTOR_TICKET_SECONDS = 5 * 60


class LoginIn(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    device_token = serializers.CharField(max_length=200, required=False, allow_blank=True)
    client_name = serializers.CharField(
        max_length=100,
        required=False,
        help_text='Names this client (e.g. "agency-sync"; default: its User-Agent). An account '
        "holds one token per client: signing in again replaces that client's token.",
    )


class PasswordResetIn(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class UnlockIn(CodeIn):
    unlock_ticket = serializers.CharField(max_length=500)


class UnlockTicketIn(serializers.Serializer):
    unlock_ticket = serializers.CharField(max_length=500)


class UnlockCodeOut(serializers.Serializer):
    """Which unlock code works and when a new one can be asked for (the unlock page says the
    same)."""

    active = serializers.BooleanField(help_text="A code that can still be entered exists.")
    delivery = serializers.ChoiceField(
        choices=["sent", "sending", "delayed", "none"],
        help_text="`sending`: just issued; `delayed`: not sent after 30 s (it stays valid).",
    )
    sent_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)
    resend_available_in = serializers.IntegerField(
        help_text="Seconds until POST /api/v1/auth/unlock/resend/ is accepted (0: now)."
    )
    resend_available_at = serializers.DateTimeField()
    resend_blocked = serializers.ChoiceField(
        choices=["resend_too_soon", "resend_limit"], allow_null=True
    )


class UnusualActivityOut(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    unlock_ticket = serializers.CharField(help_text="Valid 30 minutes.")
    unlock_code = UnlockCodeOut()


class UnlockResendOut(serializers.Serializer):
    detail = serializers.CharField()
    unlock_code = UnlockCodeOut()


def _unlock_user(ticket: str):
    try:
        payload = signing.loads(ticket, salt=UNLOCK_SALT, max_age=UNLOCK_TICKET_SECONDS)
    except signing.BadSignature as exc:
        raise DomainError(
            _("The unlock ticket is invalid or expired; sign in again."),
            code="bad_ticket",
            field="unlock_ticket",
        ) from exc
    return selectors.account_for_unlock(payload.get("u"))


class SecondFactorIn(serializers.Serializer):
    second_factor_ticket = serializers.CharField(max_length=500)
    code = serializers.CharField(
        max_length=20, help_text="6 digits from the authenticator app, or one recovery code."
    )


def issue_api_token(request, user) -> dict:
    """The one place an API token is handed out, once every sign-in check has passed. Returns
    the fields the answer carries: the token (one per client, see `client_name`) and when it
    expires."""
    return api_token_answer(request, user)


def token_or_second_factor(request, user, **extra) -> Response:
    """The password (and device) checks passed: the token, or, when the account needs a second
    factor, 403 with a short-lived ticket for /api/v1/auth/second-factor/. A staff account
    without one is sent to the browser to set it up (the QR code is a page)."""
    if not second_factor_services.second_factor_needed(user):
        return Response({**issue_api_token(request, user), **extra})
    if not second_factor_services.has_second_factor(user):
        detail = _(
            "Staff accounts must use two-step verification. Sign in to the portal in a browser "
            "once to set it up, then sign in here again."
        )
        return Response(
            {"detail": detail, "code": "second_factor_enrolment_required", **extra}, status=403
        )
    ticket = signing.dumps({"u": user.pk}, salt=SECOND_FACTOR_SALT)
    return Response(
        {
            "detail": _("Enter the code from your authenticator app, or a recovery code."),
            "code": "second_factor_required",
            "second_factor_ticket": ticket,
            **extra,
        },
        status=403,
    )


@method_decorator(ratelimit(key="ip", rate=IPP["LOGIN_RATE_PER_IP"], block=True), "post")
class LoginView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        summary="Member login",
        description=(
            "Returns an API token. From an unknown device the account is temporarily locked: "
            "the answer is 403 with code `unusual_activity`, an `unlock_ticket` and "
            "`unlock_code` (whether a code works now, when it was sent, when a new one can be "
            "asked for). A code goes to the registered email, unless one sent moments ago still "
            "works; POST it to /api/v1/auth/unlock/, or ask for a new one with "
            "/api/v1/auth/unlock/resend/. An account with two-step "
            "verification (every staff account) gets 403 with code `second_factor_required` "
            "and a `second_factor_ticket` (valid 5 minutes): POST it with a code to "
            "/api/v1/auth/second-factor/. A staff account that has not set it up yet gets 403 "
            "`second_factor_enrolment_required` (set it up in the browser)."
        ),
        request=LoginIn,
        responses={200: SessionOut, 400: None, 403: UnusualActivityOut, 429: None},
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
                    "unlock_code": UnlockCodeOut(
                        signin_services.unlock_code_status(result.user).as_dict()
                    ).data,
                },
                status=403,
            )
        return token_or_second_factor(request, result.user)


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
        user = _unlock_user(data.validated_data["unlock_ticket"])
        device_token = signin_services.unlock_with_code(
            user=user,
            code=data.validated_data["code"],
            ip_address=client_ip(request),
            user_agent=user_agent(request),
        )
        return token_or_second_factor(request, user, device_token=device_token)


@method_decorator(ratelimit(key="ip", rate="30/10m", block=True), "post")
class UnlockResendView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        summary="Email a new unlock code",
        description=(
            "For a sign-in answered 403 `unusual_activity`: emails a new code to the registered "
            "email (it replaces the previous one) and answers 202 with `unlock_code`. At most "
            "one code a minute and 5 an hour per account: 429 `resend_too_soon` or "
            "`resend_limit` with `retry_after` (seconds) and a Retry-After header. A code that "
            "was never sent does not count against the hourly limit."
        ),
        request=UnlockTicketIn,
        responses={202: UnlockResendOut, 400: None, 429: None},
    )
    def post(self, request):
        data = UnlockTicketIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = _unlock_user(data.validated_data["unlock_ticket"])
        status = signin_services.resend_unlock_code(user=user, ip_address=client_ip(request))
        return Response(
            {
                "detail": _("A new code is on its way to your registered email."),
                "unlock_code": UnlockCodeOut(status.as_dict()).data,
            },
            status=202,
        )


@method_decorator(ratelimit(key="ip", rate="30/10m", block=True), "post")
class SecondFactorView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        summary="Second sign-in step: a code from the authenticator app, or a recovery code",
        description=(
            "Exchanges the `second_factor_ticket` from /api/v1/auth/login/ (or /unlock/) and a "
            "code for the API token. Wrong codes are counted: each one doubles the wait before "
            "the next try (429 `second_factor_throttled` says how long)."
        ),
        request=SecondFactorIn,
        responses={200: SessionOut, 400: None, 429: None},
    )
    def post(self, request):
        data = SecondFactorIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            payload = signing.loads(
                data.validated_data["second_factor_ticket"],
                salt=SECOND_FACTOR_SALT,
                max_age=SECOND_FACTOR_TICKET_SECONDS,
            )
        except signing.BadSignature as exc:
            raise DomainError(
                _("The second-factor ticket is invalid or expired; sign in again."),
                code="bad_ticket",
                field="second_factor_ticket",
            ) from exc
        user = selectors.account_for_unlock(payload.get("u"))
        second_factor_services.verify_second_factor(
            user=user, code=data.validated_data["code"], ip_address=client_ip(request)
        )
        return Response(issue_api_token(request, user))


class LogoutView(APIView):
    @extend_schema(summary="Revoke this API token", request=None, responses={204: None})
    def post(self, request):
        if isinstance(request.auth, ApiToken):
            end_api_token(token=request.auth)
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
        request_password_reset(email=email)
        return Response(
            {"detail": _("If the address is registered, a link is on its way.")}, status=202
        )
