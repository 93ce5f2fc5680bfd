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
from .notification_kinds import Category, Delivery
from .selectors import notification_preferences
from .services import mark_all_read, mark_read, set_notification_preferences


class NotificationOut(PlannedOutput, serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "category", "title", "body", "link", "created_at", "read_at"]


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


# --- notification preferences ------------------------------------------------------------------
class NotificationPreferenceOut(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices)
    label = serializers.CharField()
    delivery = serializers.ChoiceField(choices=Delivery.choices)
    mandatory = serializers.BooleanField(help_text="Always emailed at once; cannot be changed.")
    choices = serializers.ListField(child=serializers.ChoiceField(choices=Delivery.choices))


class NotificationPreferencesOut(serializers.Serializer):
    preferences = NotificationPreferenceOut(many=True)


class NotificationPreferenceIn(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices)
    delivery = serializers.ChoiceField(choices=Delivery.choices)


class NotificationPreferencesIn(serializers.Serializer):
    preferences = NotificationPreferenceIn(many=True, allow_empty=False)


class NotificationPreferencesView(APIView):
    """How each category of notices is emailed: `immediate`, `digest` (one email a day) or
    `off` (in the portal's notification list only). Mandatory categories (takedown notices
    to sellers, account security) are always `immediate`."""

    @extend_schema(
        summary="Your email notification preferences, per category",
        responses=NotificationPreferencesOut,
    )
    def get(self, request):
        rows = notification_preferences(request.user)
        return Response(NotificationPreferencesOut({"preferences": rows}).data)

    @extend_schema(
        summary="Set your email notification preferences",
        description="Each listed category gets the given delivery; categories not listed keep "
        "theirs. Setting a mandatory category to anything but `immediate` is refused (400 "
        "`mandatory_category`).",
        request=NotificationPreferencesIn,
        responses=NotificationPreferencesOut,
    )
    def put(self, request):
        data = NotificationPreferencesIn(data=request.data)
        data.is_valid(raise_exception=True)
        choices = {row["category"]: row["delivery"] for row in data.validated_data["preferences"]}
        rows = set_notification_preferences(user=request.user, choices=choices)
        return Response(NotificationPreferencesOut({"preferences": rows}).data)
