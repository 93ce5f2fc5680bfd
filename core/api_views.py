from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from .api_output import PlannedOutput
from .cursors import MomentCursorPagination
from .documents import store_upload
from .errors import DomainError
from .idempotency import IdempotentCreate
from .models import Document, Notification
from .services import mark_all_read, mark_read


class NotificationOut(PlannedOutput, serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "created_at", "read_at"]


class NewestFirst(MomentCursorPagination):
    ordering = ("-created_at", "-id")


class NotificationList(generics.ListAPIView):
    serializer_class = NotificationOut
    pagination_class = NewestFirst

    @extend_schema(summary="Your in-portal notifications, newest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = self.request.user.notifications.all()
        if self.request.query_params.get("unread") == "1":
            qs = qs.filter(read_at__isnull=True)
        return qs


class NotificationRead(APIView):
    @extend_schema(summary="Mark one notification read", request=None, responses=NotificationOut)
    def post(self, request, pk):
        notification = generics.get_object_or_404(request.user.notifications, pk=pk)
        mark_read(notification=notification)
        return Response(NotificationOut(notification).data)


class NotificationReadAll(APIView):
    @extend_schema(summary="Mark all notifications read", request=None, responses={200: None})
    def post(self, request):
        return Response({"marked": mark_all_read(user=request.user)})


class DocumentOut(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_at", "url"]

    def get_url(self, doc) -> str:
        return f"/documents/{doc.pk}/"


class DocumentIn(serializers.Serializer):
    file = serializers.FileField()


class DocumentUpload(IdempotentCreate, APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Upload a private document (JPEG, PNG, WebP or PDF, up to 10 MB)",
        description="Returns the id to reference from a complaint's `evidence` or other "
        "submissions. The type is checked by content; only you and reviewers can read it.",
        request={"multipart/form-data": DocumentIn},
        responses={201: DocumentOut},
    )
    def post(self, request):
        data = DocumentIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            doc = store_upload(owner=request.user, upload=data.validated_data["file"])
        except DomainError as error:
            error.field = "file"
            raise
        return Response(DocumentOut(doc).data, status=201)
