"""IPR API: the same services as the pages. Uploads are multipart; each file goes through the
same content checks as on the pages (core.documents.store_upload) and a refused file is a 400
naming the field. Workflow moves are explicit POST actions, never a writable status."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers, status
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.documents import store_upload
from core.errors import DomainError
from core.idempotency import IdempotentCreate

from . import selectors, services
from .letters import authorization_letter_pdf
from .models import (
    IPR,
    DocumentType,
    IPRKind,
    IPRStatus,
    PatentType,
    RejectionReason,
    WorkType,
)
from .services.submission import DOCUMENT_FIELDS, fields_for
from .validation import needs_authorization_letter

# --- permissions & pagination ---------------------------------------------------------------


class IsRightsOwner(permissions.BasePermission):
    message = "Only rights-owner accounts manage IPRs."

    def has_permission(self, request, view):
        return getattr(request.user, "role", None) == "rights_owner"


class IsReviewer(permissions.BasePermission):
    message = "Only reviewers work the IPR queue."

    def has_permission(self, request, view):
        return getattr(request.user, "is_reviewer", False)


class NewestFirst(CursorPagination):
    ordering = ("-created_at", "-id")


class OldestSubmittedFirst(CursorPagination):
    ordering = ("submitted_at", "id")


# --- serializers ----------------------------------------------------------------------------


class DocumentOut(serializers.Serializer):
    id = serializers.UUIDField()
    role = serializers.CharField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    url = serializers.CharField()


class IPROut(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display")
    reason = serializers.CharField(source="reason_text")
    documents = serializers.SerializerMethodField()
    needs_authorization_letter = serializers.SerializerMethodField()

    class Meta:
        model = IPR
        fields = [
            "id",
            "kind",
            "status",
            "status_display",
            "reason",
            "rejection_code",
            "rejection_text",
            "withdrawal_code",
            "withdrawal_text",
            "right_owner_name",
            "is_registered",
            "document_type",
            "jurisdiction",
            "office",
            "number",
            "registered_on",
            "expires_on",
            "mark_word",
            "nice_classes",
            "goods_services",
            "is_madrid",
            "patent_type",
            "title",
            "work_title",
            "work_type",
            "letter_starts_on",
            "letter_ends_on",
            "needs_authorization_letter",
            "version",
            "renewal_of",
            "created_at",
            "submitted_at",
            "decided_at",
            "withdrawn_at",
            "documents",
        ]
        read_only_fields = fields

    @extend_schema_field(DocumentOut(many=True))
    def get_documents(self, ipr: IPR) -> list[dict]:
        return [
            {
                "id": doc.pk,
                "role": str(label),
                "name": doc.original_name,
                "content_type": doc.content_type,
                "url": f"/documents/{doc.pk}/",
            }
            for label, doc in ipr.documents_by_role()
        ]

    def get_needs_authorization_letter(self, ipr: IPR) -> bool:
        return needs_authorization_letter(ipr)


def _file(help_text: str = ""):
    return serializers.FileField(required=False, help_text=help_text or None)


class IPRIn(serializers.Serializer):
    """One right per application. Send only the fields of its kind; others are ignored."""

    right_owner_name = serializers.CharField(max_length=200)
    is_registered = serializers.BooleanField(required=False, default=True)
    document_type = serializers.ChoiceField(
        choices=DocumentType.choices, required=False, default=DocumentType.REGISTRATION_CERTIFICATE
    )
    jurisdiction = serializers.CharField(max_length=100, required=False, allow_blank=True)
    office = serializers.CharField(max_length=200, required=False, allow_blank=True)
    number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    registered_on = serializers.DateField(required=False, allow_null=True)
    expires_on = serializers.DateField(required=False, allow_null=True)
    mark_word = serializers.CharField(max_length=200, required=False, allow_blank=True)
    nice_classes = serializers.ListField(
        child=serializers.IntegerField(), required=False, max_length=45
    )
    goods_services = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    is_madrid = serializers.BooleanField(required=False, default=False)
    patent_type = serializers.ChoiceField(choices=PatentType.choices, required=False)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    work_title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    work_type = serializers.ChoiceField(choices=WorkType.choices, required=False)
    letter_starts_on = serializers.DateField(required=False, allow_null=True)
    letter_ends_on = serializers.DateField(required=False, allow_null=True)
    certificate = _file("Registration certificate (copyright: its registration page).")
    logo = _file("Trademark logo image.")
    madrid_designation = _file("Madrid designation / extension certificate.")
    evaluation_report = _file("Patent Evaluation Report (utility model / design).")
    content_pages = _file("Copyright: the pages bearing the content of the work.")
    ownership_statement = _file("Copyright (unregistered): signed ownership statement.")
    authorship_proof = _file("Copyright (unregistered): proof of authorship.")
    authorization_letter = _file("The owner's signed authorization letter (agents).")
    supporting_documents = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=6,
        help_text="Renewal, alteration or transfer documents.",
    )


class IPRCreateIn(IPRIn):
    kind = serializers.ChoiceField(choices=IPRKind.choices)


class LetterIn(serializers.Serializer):
    authorization_letter = serializers.FileField()
    letter_starts_on = serializers.DateField()
    letter_ends_on = serializers.DateField()


class ApproveIn(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class RejectIn(serializers.Serializer):
    code = serializers.ChoiceField(choices=RejectionReason.choices)
    text = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class InvalidIn(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


def _store_files(user, data: dict) -> tuple[dict, list]:
    """Uploads become private Documents (content-checked); a refused file is a 400."""
    stored = dict(data)
    try:
        for field in DOCUMENT_FIELDS:
            if stored.get(field) is not None:
                stored[field] = store_upload(owner=user, upload=stored[field])
        supporting = [
            store_upload(owner=user, upload=f) for f in stored.pop("supporting_documents", [])
        ]
    except DomainError as error:
        raise serializers.ValidationError({field: [error.message]}) from error
    return stored, supporting


def _data_for(kind: str, data: dict) -> dict:
    allowed = fields_for(kind)
    return {k: v for k, v in data.items() if k in allowed}


def _out(ipr: IPR, code=status.HTTP_200_OK) -> Response:
    fresh = selectors.with_documents(IPR.objects.filter(pk=ipr.pk)).get()
    return Response(IPROut(fresh).data, status=code)


# --- owner endpoints --------------------------------------------------------------------------


class IPRListCreate(IdempotentCreate, generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, IsRightsOwner]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    pagination_class = NewestFirst
    serializer_class = IPROut

    @extend_schema(
        summary="List the account's IPRs (IPR Management)",
        parameters=[
            OpenApiParameter("status", enum=IPRStatus.values, required=False),
            OpenApiParameter("kind", enum=IPRKind.values, required=False),
        ],
        responses=IPROut(many=True),
    )
    def get(self, request):
        qs = selectors.with_documents(
            selectors.iprs_for_owner(
                request.user,
                status=request.query_params.get("status", ""),
                kind=request.query_params.get("kind", ""),
            )
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(IPROut(page, many=True).data)

    @extend_schema(
        summary="Create an IPR (draft; one right per application)",
        description=(
            "Multipart. The IPR is saved as a draft; POST .../submit/ sends it to the reviewers. "
            "Agents first download the generated authorization letter and upload it signed."
        ),
        request={"multipart/form-data": IPRCreateIn},
        responses={201: IPROut},
    )
    def post(self, request):
        data = IPRCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        kind = values.pop("kind")
        values, supporting = _store_files(request.user, values)
        ipr = services.create_ipr(
            owner=request.user, kind=kind, data=_data_for(kind, values), supporting=supporting
        )
        return _out(ipr, status.HTTP_201_CREATED)


class IPRDetail(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(summary="Retrieve an IPR (owner or reviewer)", responses=IPROut)
    def get(self, request, pk: int):
        return Response(IPROut(selectors.access_ipr(request.user, pk)).data)

    @extend_schema(
        summary="Edit a draft or failed IPR (send only what changes)",
        request={"multipart/form-data": IPRIn},
        responses=IPROut,
    )
    def patch(self, request, pk: int):
        ipr = selectors.access_own_ipr(request.user, pk)
        data = IPRIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values, supporting = _store_files(request.user, dict(data.validated_data))
        ipr = services.update_ipr(
            ipr=ipr, actor=request.user, data=_data_for(ipr.kind, values), supporting=supporting
        )
        return _out(ipr)


class IPRSubmit(APIView):
    @extend_schema(summary="Submit a draft IPR for authentication", request=None, responses=IPROut)
    def post(self, request, pk: int):
        ipr = selectors.access_own_ipr(request.user, pk)
        return _out(services.submit_ipr(ipr=ipr, actor=request.user))


class IPRResubmit(APIView):
    @extend_schema(
        summary="Resubmit an IPR whose authentication failed (after editing it)",
        request=None,
        responses=IPROut,
    )
    def post(self, request, pk: int):
        ipr = selectors.access_own_ipr(request.user, pk)
        return _out(services.resubmit_ipr(ipr=ipr, actor=request.user))


class IPRRenew(IdempotentCreate, APIView):
    @extend_schema(
        summary="Renew a withdrawn or expired IPR (creates a linked draft)",
        request=None,
        responses={201: IPROut},
    )
    def post(self, request, pk: int):
        ipr = selectors.access_own_ipr(request.user, pk)
        return _out(services.renew_ipr(ipr=ipr, actor=request.user), status.HTTP_201_CREATED)


class IPRAuthorizationLetter(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Download the authorization letter generated from the IPR's data (PDF)",
        parameters=[
            OpenApiParameter("starts_on", OpenApiTypes.DATE, required=False),
            OpenApiParameter("ends_on", OpenApiTypes.DATE, required=False),
        ],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request, pk: int):
        from .forms import LetterTermForm

        ipr = selectors.access_own_ipr(request.user, pk)
        term = LetterTermForm(request.query_params)
        dates = term.cleaned_data if term.is_valid() else {}
        pdf = authorization_letter_pdf(
            ipr, starts_on=dates.get("starts_on"), ends_on=dates.get("ends_on")
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="authorization-letter-ipr-{ipr.pk}.pdf"'
        )
        return response

    @extend_schema(
        summary="Upload the owner's signed authorization letter with its term",
        request={"multipart/form-data": LetterIn},
        responses=IPROut,
    )
    def post(self, request, pk: int):
        ipr = selectors.access_own_ipr(request.user, pk)
        data = LetterIn(data=request.data)
        data.is_valid(raise_exception=True)
        values, _none = _store_files(request.user, dict(data.validated_data))
        ipr = services.attach_authorization_letter(
            ipr=ipr,
            actor=request.user,
            letter=values["authorization_letter"],
            starts_on=values["letter_starts_on"],
            ends_on=values["letter_ends_on"],
        )
        return _out(ipr)


# --- reviewer endpoints -----------------------------------------------------------------------


class ReviewQueue(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, IsReviewer]
    pagination_class = OldestSubmittedFirst
    serializer_class = IPROut

    @extend_schema(summary="Pending IPRs, oldest first (reviewers)", responses=IPROut(many=True))
    def get(self, request):
        qs = selectors.with_documents(selectors.review_queue(request.user))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(IPROut(page, many=True).data)


class _Decision(APIView):
    permission_classes = [permissions.IsAuthenticated, IsReviewer]
    input_class: type[serializers.Serializer]

    def decide(self, ipr: IPR, data: dict) -> IPR:  # pragma: no cover - overridden
        raise NotImplementedError

    def post(self, request, pk: int):
        ipr = selectors.access_ipr_for_review(request.user, pk)
        data = self.input_class(data=request.data)
        data.is_valid(raise_exception=True)
        return _out(self.decide(ipr, data.validated_data))


class IPRApprove(_Decision):
    input_class = ApproveIn

    @extend_schema(summary="Authenticate a pending IPR", request=ApproveIn, responses=IPROut)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def decide(self, ipr, data):
        return services.approve_ipr(ipr=ipr, actor=self.request.user, note=data["note"])


class IPRReject(_Decision):
    input_class = RejectIn

    @extend_schema(summary="Reject a pending IPR with a reason", request=RejectIn, responses=IPROut)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def decide(self, ipr, data):
        return services.reject_ipr(
            ipr=ipr, actor=self.request.user, code=data["code"], text=data["text"]
        )


class IPRMarkInvalid(_Decision):
    input_class = InvalidIn

    @extend_schema(
        summary="Withdraw an authenticated IPR declared invalid",
        request=InvalidIn,
        responses=IPROut,
    )
    def post(self, request, pk: int):
        return super().post(request, pk)

    def decide(self, ipr, data):
        return services.mark_ipr_invalid(ipr=ipr, actor=self.request.user, text=data["text"])
