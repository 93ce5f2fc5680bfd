"""Identity verification API: the same services as the pages (multipart uploads)."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.audit import trail_for
from core.documents import store_upload
from core.errors import DomainError
from core.http import client_ip
from core.idempotency import IdempotentCreate

from . import selectors
from .models import (
    DocumentLanguage,
    IdentityDocumentType,
    IdentityRejectionReason,
    IdentitySubmission,
    Role,
    SoleAccountConfirmation,
)
from .services import identity as identity_services
from .services import sole_account as sole_services
from .statements import exclusive_account_statement_pdf


class IsRightsOwner(permissions.BasePermission):
    message = _("Only rights-owner accounts verify an identity.")

    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.role == Role.RIGHTS_OWNER


class IsReviewer(permissions.BasePermission):
    message = _("Only reviewers can do this.")

    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.is_reviewer


class DocumentOut(serializers.Serializer):
    id = serializers.UUIDField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, doc) -> str:
        return f"/documents/{doc.pk}/"


class SubmissionOut(serializers.ModelSerializer):
    document = DocumentOut()
    translation = DocumentOut(allow_null=True)
    representative_document = DocumentOut(allow_null=True)
    account_email = serializers.EmailField(source="account.email")

    class Meta:
        model = IdentitySubmission
        fields = [
            "id",
            "account_email",
            "purpose",
            "status",
            "identity_kind",
            "complainant_name",
            "document_type",
            "document",
            "document_expires_on",
            "document_language",
            "translation",
            "official_seal_confirmed",
            "representative_name",
            "representative_document",
            "representative_expires_on",
            "submitted_at",
            "decided_at",
            "rejection_reason",
            "rejection_note",
        ]


class SubmissionIn(serializers.Serializer):
    complainant_name = serializers.CharField(max_length=200)
    document_type = serializers.ChoiceField(choices=IdentityDocumentType.choices)
    document = serializers.FileField()
    document_expires_on = serializers.DateField(required=False, allow_null=True)
    document_language = serializers.ChoiceField(
        choices=DocumentLanguage.choices, default=DocumentLanguage.ENGLISH
    )
    translation = serializers.FileField(required=False, allow_null=True)
    official_seal_confirmed = serializers.BooleanField(default=False)
    representative_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    representative_document = serializers.FileField(required=False, allow_null=True)
    representative_expires_on = serializers.DateField(required=False, allow_null=True)


class RejectIn(serializers.Serializer):
    reason = serializers.ChoiceField(choices=IdentityRejectionReason.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class NoteIn(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


def _store(owner, data: dict, *names: str) -> dict:
    """Turn uploaded files into private Documents; a bad file is a 400 naming the field."""
    stored = {}
    for name in names:
        upload = data.get(name)
        if upload is None:
            stored[name] = None
            continue
        try:
            stored[name] = store_upload(owner=owner, upload=upload)
        except DomainError as error:
            error.field = name
            raise
    return stored


class IdentityStatusView(APIView):
    permission_classes = [IsRightsOwner]

    @extend_schema(
        summary="Your identity verification status",
        responses=inline_serializer(
            "IdentityStatus",
            {
                "identity_status": serializers.CharField(),
                "complainant_name": serializers.CharField(),
                "identity_expires_on": serializers.DateField(allow_null=True),
                "can_file": serializers.BooleanField(),
                "filing_block_reason": serializers.CharField(allow_null=True),
                "latest": SubmissionOut(allow_null=True),
            },
        ),
    )
    def get(self, request):
        user = request.user
        latest = user.identity_submissions.first()
        reason = selectors.filing_block_reason(user)
        return Response(
            {
                "identity_status": user.identity_status,
                "complainant_name": user.complainant_name,
                "identity_expires_on": user.identity_expires_on,
                "can_file": reason is None,
                "filing_block_reason": reason,
                "latest": SubmissionOut(latest).data if latest else None,
            }
        )


class SubmissionListCreate(IdempotentCreate, APIView):
    permission_classes = [IsRightsOwner]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Your identity submissions (newest first)", responses=SubmissionOut(many=True)
    )
    def get(self, request):
        qs = request.user.identity_submissions.select_related(
            "account", "document", "translation", "representative_document"
        )
        return Response(SubmissionOut(qs[:50], many=True).data)

    @extend_schema(
        summary="Submit proof of identity (or, once approved, a critical change request)",
        request={"multipart/form-data": SubmissionIn},
        responses={201: SubmissionOut},
    )
    def post(self, request):
        data = SubmissionIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.update(
            _store(request.user, values, "document", "translation", "representative_document")
        )
        submission = identity_services.submit_identity(
            account=request.user,
            data=identity_services.IdentityData(**values),
            ip_address=client_ip(request),
        )
        return Response(SubmissionOut(submission).data, status=201)


class SubmissionDetail(APIView):
    @extend_schema(summary="One identity submission (owner or reviewer)", responses=SubmissionOut)
    def get(self, request, pk):
        return Response(SubmissionOut(selectors.access_identity_submission(request.user, pk)).data)


class ReviewQueue(APIView):
    permission_classes = [IsReviewer]

    @extend_schema(summary="Identity queue, oldest first", responses=SubmissionOut(many=True))
    def get(self, request):
        queue = selectors.identity_queue().select_related(
            "document", "translation", "representative_document"
        )[:200]
        return Response(SubmissionOut(queue, many=True).data)


class ReviewAction(APIView):
    permission_classes = [IsReviewer]
    parser_classes = [JSONParser, FormParser]
    action = ""

    def post(self, request, pk):
        submission = selectors.access_identity_submission(request.user, pk)
        if self.action == "start":
            submission = identity_services.start_identity_review(
                submission=submission, reviewer=request.user
            )
        elif self.action == "approve":
            submission = identity_services.approve_identity(
                submission=submission, reviewer=request.user
            )
        else:
            data = RejectIn(data=request.data)
            data.is_valid(raise_exception=True)
            submission = identity_services.reject_identity(
                submission=submission, reviewer=request.user, **data.validated_data
            )
        return Response(SubmissionOut(submission).data)


class StartReview(ReviewAction):
    action = "start"

    @extend_schema(summary="Take a submission under review", request=None, responses=SubmissionOut)
    def post(self, request, pk):
        return super().post(request, pk)


class Approve(ReviewAction):
    action = "approve"

    @extend_schema(summary="Approve an identity submission", request=None, responses=SubmissionOut)
    def post(self, request, pk):
        return super().post(request, pk)


class Reject(ReviewAction):
    action = "reject"

    @extend_schema(
        summary="Reject an identity submission with a reason",
        request=RejectIn,
        responses=SubmissionOut,
    )
    def post(self, request, pk):
        return super().post(request, pk)


class AuditOut(serializers.Serializer):
    created_at = serializers.DateTimeField()
    action = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    reason = serializers.CharField()


class SubmissionTrail(APIView):
    @extend_schema(summary="Timeline of one identity submission", responses=AuditOut(many=True))
    def get(self, request, pk):
        submission = selectors.access_identity_submission(request.user, pk)
        return Response(AuditOut(trail_for(submission), many=True).data)


class SoleOut(serializers.ModelSerializer):
    account_email = serializers.EmailField(source="account.email")
    identity_document = DocumentOut()
    statement = DocumentOut()
    representative_document = DocumentOut(allow_null=True)

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
        docs = _store(
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
    permission_classes = [IsReviewer]

    @extend_schema(
        summary="Sole account confirmations waiting, oldest first", responses=SoleOut(many=True)
    )
    def get(self, request):
        queue = selectors.sole_account_queue().select_related(
            "identity_document", "statement", "representative_document"
        )[:200]
        return Response(SoleOut(queue, many=True).data)


class SoleDecision(APIView):
    permission_classes = [IsReviewer]
    approve = True

    def post(self, request, pk):
        confirmation = selectors.access_sole_confirmation(request.user, pk)
        if self.approve:
            confirmation = sole_services.approve_sole_account(
                confirmation=confirmation, reviewer=request.user
            )
        else:
            data = NoteIn(data=request.data)
            data.is_valid(raise_exception=True)
            confirmation = sole_services.reject_sole_account(
                confirmation=confirmation, reviewer=request.user, **data.validated_data
            )
        return Response(SoleOut(confirmation).data)


class SoleApprove(SoleDecision):
    @extend_schema(summary="Approve: this is the sole account", request=None, responses=SoleOut)
    def post(self, request, pk):
        return super().post(request, pk)


class SoleReject(SoleDecision):
    approve = False

    @extend_schema(summary="Reject a sole account confirmation", request=NoteIn, responses=SoleOut)
    def post(self, request, pk):
        return super().post(request, pk)
