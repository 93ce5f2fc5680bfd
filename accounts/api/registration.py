"""Registration API: challenge, start, verify the email, set the password."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_countries import countries
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core import human_check
from core.errors import DomainError
from core.http import client_ip, user_agent
from core.idempotency import IdempotentCreate
from core.rate_limits import ratelimit

from .. import selectors
from ..forms.registration import RegistrationForm
from ..models import CodePurpose, IdentityKind, RegistrantCategory, Registration
from ..services import registration as registration_services
from ..services.codes import code_delivery
from .credentials import api_token_answer

IPP = settings.IPP


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
    code_delivery = serializers.SerializerMethodField(
        help_text='The newest code\'s email: "sending", "sent", "delayed" (not sent after 30 s: '
        'it will still go out; you may ask for a new one) or "none".'
    )

    class Meta:
        model = Registration
        fields = ["id", "email", "status", "created_at", "code_delivery"]

    def get_code_delivery(self, registration: Registration) -> str:
        return code_delivery(purpose=CodePurpose.REGISTRATION, registration=registration)


class CodeIn(serializers.Serializer):
    code = serializers.RegexField(
        r"^\d{6}$", error_messages={"invalid": _("Enter the 6-digit code from the email.")}
    )


class PasswordIn(serializers.Serializer):
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class SessionOut(serializers.Serializer):
    token = serializers.CharField(
        help_text="Send as `Authorization: Token <token>`; shown once. One per client."
    )
    expires_at = serializers.DateTimeField(help_text="The token stops working then.")
    device_token = serializers.CharField(required=False)


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
        challenge = human_check.new_challenge()
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


class RegistrationDetail(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="A pending registration, with whether its code's email went out",
        responses=RegistrationOut,
    )
    def get(self, request, pk):
        return Response(RegistrationOut(_registration(pk)).data)


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
            language=request.LANGUAGE_CODE,
        )
        return Response(
            {**api_token_answer(request, user), "device_token": device_token}, status=201
        )
