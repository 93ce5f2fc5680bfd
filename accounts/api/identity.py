"""Identity verification API: the same services as the pages (multipart uploads)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.audit import trail_for
from core.documents import store_upload
from core.errors import DomainError
from core.http import client_ip
from core.idempotency import IdempotentCreate

from .. import permissions as access
from .. import selectors
from ..models import (
    DocumentLanguage,
    IdentityDocumentType,
    IdentityRejectionReason,
    IdentitySubmission,
)
from ..services import identity as identity_services


class IsRightsOwner(access.IsRightsOwner):
    message = _("Only rights-owner accounts verify an identity.")


class SubmittedDocumentOut(serializers.Serializer):
    id = serializers.UUIDField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, doc) -> str:
        return f"/documents/{doc.pk}/"


class SubmissionOut(serializers.ModelSerializer):
    document = SubmittedDocumentOut()
    translation = SubmittedDocumentOut(allow_null=True)
    representative_document = SubmittedDocumentOut(allow_null=True)
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


class IdentityRejectIn(serializers.Serializer):
    reason = serializers.ChoiceField(choices=IdentityRejectionReason.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


def store_uploads(owner, data: dict, *names: str) -> dict:
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
            store_uploads(
                request.user, values, "document", "translation", "representative_document"
            )
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
    permission_classes = [access.IsReviewer]

    @extend_schema(summary="Identity queue, oldest first", responses=SubmissionOut(many=True))
    def get(self, request):
        queue = selectors.identity_queue().select_related(
            "document", "translation", "representative_document"
        )[:200]
        return Response(SubmissionOut(queue, many=True).data)


class StartReview(APIView):
    permission_classes = [access.IsReviewer]

    @extend_schema(summary="Take a submission under review", request=None, responses=SubmissionOut)
    def post(self, request, pk):
        submission = selectors.access_identity_submission(request.user, pk)
        submission = identity_services.start_identity_review(
            submission=submission, reviewer=request.user
        )
        return Response(SubmissionOut(submission).data)


class Approve(APIView):
    permission_classes = [access.IsReviewer]

    @extend_schema(summary="Approve an identity submission", request=None, responses=SubmissionOut)
    def post(self, request, pk):
        submission = selectors.access_identity_submission(request.user, pk)
        submission = identity_services.approve_identity(
            submission=submission, reviewer=request.user
        )
        return Response(SubmissionOut(submission).data)


class Reject(APIView):
    permission_classes = [access.IsReviewer]
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        summary="Reject an identity submission with a reason",
        request=IdentityRejectIn,
        responses=SubmissionOut,
    )
    def post(self, request, pk):
        submission = selectors.access_identity_submission(request.user, pk)
        data = IdentityRejectIn(data=request.data)
        data.is_valid(raise_exception=True)
        submission = identity_services.reject_identity(
            submission=submission, reviewer=request.user, **data.validated_data
        )
        return Response(SubmissionOut(submission).data)


class SubmissionAuditOut(serializers.Serializer):
    created_at = serializers.DateTimeField()
    action = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    reason = serializers.CharField()


class SubmissionTrail(APIView):
    @extend_schema(
        summary="Timeline of one identity submission", responses=SubmissionAuditOut(many=True)
    )
    def get(self, request, pk):
        submission = selectors.access_identity_submission(request.user, pk)
        return Response(SubmissionAuditOut(trail_for(submission), many=True).data)
