"""Accounts API: the same services as the pages, for brand-protection agencies' scripts."""

import re

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_altcha import get_altcha_challenge
from django_countries import countries
from django_ratelimit.decorators import ratelimit
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import DomainError
from core.http import client_ip, user_agent
from core.idempotency import IdempotentCreate

from . import selectors
from .forms import RegistrationForm
from .models import IdentityKind, RegistrantCategory, Registration, User
from .services import registration as registration_services
from .services import signin as signin_services
from .services.password_reset import request_password_reset
from .services.profile import update_contact_details

IPP = settings.IPP
UNLOCK_SALT = "ipp.unlock-ticket"
PHONE_RE = re.compile(r"\+?[0-9 ()\-./]{5,40}")


class AltchaPayloadField(serializers.CharField):
    """The proof-of-work payload the ALTCHA widget (or `altcha.solve_challenge`) produces."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:  # the registration form's field, so both faces give the same messages
            RegistrationForm.base_fields["human_check"].clean(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return value


class RegistrationIn(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    location = serializers.ChoiceField(choices=list(countries))
    identity_kind = serializers.ChoiceField(choices=IdentityKind.choices)
    registrant_category = serializers.ChoiceField(choices=RegistrantCategory.choices)
    agree_to_user_agreement = serializers.BooleanField()
    agreement_version = serializers.CharField(max_length=20)
    altcha = AltchaPayloadField(
        help_text="Base64 ALTCHA payload solving a challenge from GET /api/v1/auth/challenge/."
    )

    def validate_agree_to_user_agreement(self, value):
        if not value:
            raise serializers.ValidationError(
                _("You must agree to the IPP User Agreement to register.")
            )
        return value


class RegistrationOut(serializers.ModelSerializer):
    class Meta:
        model = Registration
        fields = ["id", "email", "status", "created_at"]


class CodeIn(serializers.Serializer):
    code = serializers.RegexField(
        r"^\d{6}$", error_messages={"invalid": _("Enter the 6-digit code from the email.")}
    )


class PasswordIn(serializers.Serializer):
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class LoginIn(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    device_token = serializers.CharField(max_length=200, required=False, allow_blank=True)


class PasswordResetIn(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class UnlockIn(CodeIn):
    unlock_ticket = serializers.CharField(max_length=500)


class SessionOut(serializers.Serializer):
    token = serializers.CharField()
    device_token = serializers.CharField(required=False)


class ProfileSerializer(serializers.ModelSerializer):
    location = serializers.CharField(source="location.code", read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "contact_email",
            "phone",
            "address",
            "role",
            "location",
            "identity_kind",
            "registrant_category",
            "identity_status",
            "complainant_name",
            "identity_expires_on",
            "agreement_version",
            "agreement_accepted_at",
            "date_joined",
        ]
        read_only_fields = [f for f in fields if f not in ("contact_email", "phone", "address")]
        extra_kwargs = {"address": {"max_length": 500}}

    def validate_phone(self, value):
        if value and not PHONE_RE.fullmatch(value):
            raise serializers.ValidationError(
                _("Enter a phone number with digits, spaces, ( ) - . / and an optional leading +.")
            )
        return value


def _registration(pk) -> Registration:
    return selectors.pending_registration(str(pk))


class ChallengeView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Get a proof-of-work challenge for registration",
        responses=inline_serializer(
            "AltchaChallenge",
            {
                "algorithm": serializers.CharField(),
                "challenge": serializers.CharField(),
                "maxnumber": serializers.IntegerField(),
                "salt": serializers.CharField(),
                "signature": serializers.CharField(),
            },
        ),
    )
    def get(self, request):
        challenge = get_altcha_challenge()
        # ALTCHA's wire format (and the schema above) spell it "maxnumber".
        return Response(
            {
                "algorithm": challenge.algorithm,
                "challenge": challenge.challenge,
                "maxnumber": challenge.max_number,
                "salt": challenge.salt,
                "signature": challenge.signature,
            }
        )


@method_decorator(ratelimit(key="ip", rate=IPP["REGISTER_RATE_PER_IP"], block=True), "post")
class RegistrationCreate(IdempotentCreate, APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Start a registration (sends a 6-digit code to the email)",
        request=RegistrationIn,
        responses={201: RegistrationOut},
    )
    def post(self, request):
        data = RegistrationIn(data=request.data)
        data.is_valid(raise_exception=True)
        agreement = selectors.agreement_version()
        if data.validated_data["agreement_version"] != agreement.version:
            raise DomainError(
                _("The current IPP User Agreement is version %(v)s; read and accept it.")
                % {"v": agreement.version},
                code="agreement_outdated",
                field="agreement_version",
            )
        reg = registration_services.start_registration(
            email=data.validated_data["email"],
            location=data.validated_data["location"],
            identity_kind=data.validated_data["identity_kind"],
            registrant_category=data.validated_data["registrant_category"],
            agreement=agreement,
            ip_address=client_ip(request),
        )
        return Response(RegistrationOut(reg).data, status=status.HTTP_201_CREATED)


class RegistrationResend(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Send a new code (throttled)",
        request=None,
        responses={202: OpenApiResponse(description="Sent"), 429: None},
    )
    def post(self, request, pk):
        registration_services.resend_registration_code(registration=_registration(pk))
        return Response({"detail": _("A new code is on its way.")}, status=202)


@method_decorator(ratelimit(key="ip", rate="30/10m", block=True), "post")
class RegistrationVerify(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(summary="Enter the emailed code", request=CodeIn, responses=RegistrationOut)
    def post(self, request, pk):
        data = CodeIn(data=request.data)
        data.is_valid(raise_exception=True)
        reg = registration_services.verify_registration_email(
            registration=_registration(pk), code=data.validated_data["code"]
        )
        return Response(RegistrationOut(reg).data)


class RegistrationComplete(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Set the password; creates the account and returns an API token",
        request=PasswordIn,
        responses={201: SessionOut},
    )
    def post(self, request, pk):
        data = PasswordIn(data=request.data)
        data.is_valid(raise_exception=True)
        user, device_token = registration_services.complete_registration(
            registration=_registration(pk),
            password=data.validated_data["password"],
            ip_address=client_ip(request),
            user_agent=user_agent(request),
        )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key, "device_token": device_token}, status=201)


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


class MeView(APIView):
    @extend_schema(summary="Your account", responses=ProfileSerializer)
    def get(self, request):
        return Response(ProfileSerializer(request.user).data)

    @extend_schema(
        summary="Edit contact details", request=ProfileSerializer, responses=ProfileSerializer
    )
    def patch(self, request):
        data = ProfileSerializer(request.user, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = update_contact_details(user=request.user, **data.validated_data)
        return Response(ProfileSerializer(user).data)
