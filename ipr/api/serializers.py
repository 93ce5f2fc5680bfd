"""Output serializers shared by the owner's and the reviewers' IPR endpoints."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from core.api_output import PlannedOutput

from .. import selectors
from ..models import (
    IPR,
)
from ..validation import needs_authorization_letter


class IPRDocumentOut(serializers.Serializer):
    id = serializers.UUIDField()
    role = serializers.CharField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    url = serializers.CharField()


class IPROut(PlannedOutput, serializers.ModelSerializer):
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
        # DRF drops allow_blank from read-only fields, so their documented enums would leave
        # out the "" these choices hold until set.
        extra_kwargs = {
            name: {"allow_blank": True}
            for name in ("patent_type", "work_type", "rejection_code", "withdrawal_code")
        }

    @extend_schema_field(IPRDocumentOut(many=True))
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


def out(ipr: IPR, code=status.HTTP_200_OK) -> Response:
    fresh = selectors.with_documents(IPR.objects.filter(pk=ipr.pk)).get()
    return Response(IPROut(fresh).data, status=code)
