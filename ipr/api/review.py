"""The reviewers' IPR API: the queue and one POST endpoint per decision."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.views import APIView

from accounts import permissions as access
from core.cursors import MomentCursorPagination

from .. import selectors, services
from ..models import (
    IPR,
    RejectionReason,
)
from .serializers import IPROut, out


class IsReviewer(access.IsReviewer):
    message = "Only reviewers work the IPR queue."


class OldestSubmittedFirst(MomentCursorPagination):
    ordering = ("submitted_at", "id")


class ApproveIn(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class IPRRejectIn(serializers.Serializer):
    code = serializers.ChoiceField(choices=RejectionReason.choices)
    text = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class InvalidIn(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


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
        return out(self.decide(ipr, data.validated_data))


class IPRApprove(_Decision):
    input_class = ApproveIn

    @extend_schema(summary="Authenticate a pending IPR", request=ApproveIn, responses=IPROut)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def decide(self, ipr, data):
        return services.approve_ipr(ipr=ipr, actor=self.request.user, note=data["note"])


class IPRReject(_Decision):
    input_class = IPRRejectIn

    @extend_schema(
        summary="Reject a pending IPR with a reason", request=IPRRejectIn, responses=IPROut
    )
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
