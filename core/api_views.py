from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Notification
from .services import mark_all_read, mark_read


class NotificationOut(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "created_at", "read_at"]


class NewestFirst(CursorPagination):
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
