"""Sole account confirmation API."""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.idempotency import IdempotentCreate

from .. import permissions as access
from .. import selectors
from ..models import (
    SoleAccountConfirmation,
)
from ..services import sole_account as sole_services
from ..statements import exclusive_account_statement_pdf
from .identity import IsRightsOwner, SubmittedDocumentOut, store_uploads


class SoleOut(serializers.ModelSerializer):
    account_email = serializers.EmailField(source="account.email")
    identity_document = SubmittedDocumentOut()
    statement = SubmittedDocumentOut()
    representative_document = SubmittedDocumentOut(allow_null=True)

    class Meta:
        model = SoleAccountConfirmation
        fields = [
            "id",
            "account_email",
            "complainant_name",
            "status",
            "identity_document",
            "statement",
            "representative_document",
            "submitted_at",
            "decided_at",
            "rejection_note",
        ]


class SoleIn(serializers.Serializer):
    identity_document = serializers.FileField()
    statement = serializers.FileField()
    representative_document = serializers.FileField(required=False, allow_null=True)


class NoteIn(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class SoleAccountView(IdempotentCreate, APIView):
    permission_classes = [IsRightsOwner]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Whether a sole account confirmation is needed, and its state",
        responses=inline_serializer(
            "SoleAccountState",
            {
                "needed": serializers.BooleanField(),
                "other_accounts": serializers.IntegerField(),
                "confirmed_here": serializers.BooleanField(),
                "barred": serializers.BooleanField(),
                "latest": SoleOut(allow_null=True),
            },
        ),
    )
    def get(self, request):
        user = request.user
        confirmed = selectors.approved_sole_account(user.complainant_name_key)
        others = selectors.accounts_sharing_name(user).count()
        latest = user.sole_confirmations.first()
        return Response(
            {
                "needed": bool(others) and confirmed is None,
                "other_accounts": others,
                "confirmed_here": confirmed is not None and confirmed.account_id == user.pk,
                "barred": confirmed is not None and confirmed.account_id != user.pk,
                "latest": SoleOut(latest).data if latest else None,
            }
        )

    @extend_schema(
        summary="Confirm this account as the sole account (multipart)",
        request={"multipart/form-data": SoleIn},
        responses={201: SoleOut},
    )
    def post(self, request):
        data = SoleIn(data=request.data)
        data.is_valid(raise_exception=True)
        docs = store_uploads(
            request.user,
            data.validated_data,
            "identity_document",
            "statement",
            "representative_document",
        )
        confirmation = sole_services.submit_sole_account_confirmation(account=request.user, **docs)
        return Response(SoleOut(confirmation).data, status=201)


class SoleStatement(APIView):
    permission_classes = [IsRightsOwner]

    @extend_schema(
        summary="The exclusive account statement to sign (PDF)",
        responses={(200, "application/pdf"): bytes},
    )
    def get(self, request):
        response = HttpResponse(
            exclusive_account_statement_pdf(request.user), content_type="application/pdf"
        )
        response["Content-Disposition"] = 'attachment; filename="exclusive-account-statement.pdf"'
        return response


class SoleQueue(APIView):
    permission_classes = [access.IsReviewer]

    @extend_schema(
        summary="Sole account confirmations waiting, oldest first", responses=SoleOut(many=True)
    )
    def get(self, request):
        queue = selectors.sole_account_queue().select_related(
            "identity_document", "statement", "representative_document"
        )[:200]
        return Response(SoleOut(queue, many=True).data)


class SoleApprove(APIView):
    permission_classes = [access.IsReviewer]

    @extend_schema(summary="Approve: this is the sole account", request=None, responses=SoleOut)
    def post(self, request, pk):
        confirmation = selectors.access_sole_confirmation(request.user, pk)
        confirmation = sole_services.approve_sole_account(
            confirmation=confirmation, reviewer=request.user
        )
        return Response(SoleOut(confirmation).data)


class SoleReject(APIView):
    permission_classes = [access.IsReviewer]

    @extend_schema(summary="Reject a sole account confirmation", request=NoteIn, responses=SoleOut)
    def post(self, request, pk):
        confirmation = selectors.access_sole_confirmation(request.user, pk)
        data = NoteIn(data=request.data)
        data.is_valid(raise_exception=True)
        confirmation = sole_services.reject_sole_account(
            confirmation=confirmation, reviewer=request.user, **data.validated_data
        )
        return Response(SoleOut(confirmation).data)
