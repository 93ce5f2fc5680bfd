"""The owner's IPR API: create, edit, submit, resubmit, renew, the authorization letter."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import permissions as access
from core.cursors import MomentCursorPagination
from core.documents import store_upload
from core.errors import DomainError
from core.idempotency import IdempotentCreate

from .. import selectors, services
from ..forms import LetterTermForm
from ..letters import authorization_letter_pdf
from ..models import (
    DocumentType,
    IPRKind,
    IPRStatus,
    PatentType,
    WorkType,
)
from ..services.submission import DOCUMENT_FIELDS, fields_for
from .serializers import IPROut, out


class IsRightsOwner(access.IsRightsOwner):
    message = "Only rights-owner accounts manage IPRs."


class NewestFirst(MomentCursorPagination):
    ordering = ("-created_at", "-id")


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


class IPRPage(NewestFirst):
    """The same 25 IPRs a page as IPR Management (each carries its documents)."""

    page_size = 25


class IPRListCreate(IdempotentCreate, generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, IsRightsOwner]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    pagination_class = IPRPage
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
        qs = selectors.iprs_for_owner(
            request.user,
            status=request.query_params.get("status", ""),
            kind=request.query_params.get("kind", ""),
        )
        page = selectors.load_documents(list(self.paginate_queryset(qs) or []), request.user)
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
        return out(ipr, status.HTTP_201_CREATED)


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
        return out(ipr)


class IPRSubmit(APIView):
    @extend_schema(summary="Submit a draft IPR for authentication", request=None, responses=IPROut)
    def post(self, request, pk: int):
        ipr = selectors.access_own_ipr(request.user, pk)
        return out(services.submit_ipr(ipr=ipr, actor=request.user))


class IPRResubmit(APIView):
    @extend_schema(
        summary="Resubmit an IPR whose authentication failed (after editing it)",
        request=None,
        responses=IPROut,
    )
    def post(self, request, pk: int):
        ipr = selectors.access_own_ipr(request.user, pk)
        return out(services.resubmit_ipr(ipr=ipr, actor=request.user))


class IPRRenew(IdempotentCreate, APIView):
    @extend_schema(
        summary="Renew a withdrawn or expired IPR (creates a linked draft)",
        request=None,
        responses={201: IPROut},
    )
    def post(self, request, pk: int):
        ipr = selectors.access_own_ipr(request.user, pk)
        return out(services.renew_ipr(ipr=ipr, actor=request.user), status.HTTP_201_CREATED)


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
        return out(ipr)
