"""Complaint API: the same services as the pages, for brand-protection agencies."""

from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_ratelimit.decorators import ratelimit
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.registration import AltchaPayloadField
from accounts.selectors import filing_block_reason
from catalogue.urlcheck import Platform, check_urls
from core.audit import trail_for
from core.errors import DomainError
from core.http import client_ip
from core.idempotency import IdempotentCreate
from core.models import Document
from ipr.selectors import authenticated_iprs_for, unavailable_iprs_for

from . import selectors, services
from .models import Complaint, ComplaintItem, ComplaintReason, ComplaintSource
from .reasons import COPYRIGHT_DMCA_REASONS, reasons_for


class LineOut(serializers.Serializer):
    line = serializers.IntegerField()
    url = serializers.CharField()
    ok = serializers.BooleanField()
    platform = serializers.CharField(allow_null=True)
    listing_id = serializers.CharField(allow_null=True)
    error = serializers.CharField(allow_null=True)
    message = serializers.CharField()


def _lines(results) -> list[dict]:
    return [{**r.as_dict(), "message": str(r.message) if r.error else ""} for r in results]


class CheckIn(serializers.Serializer):
    urls = serializers.CharField(max_length=600_000, allow_blank=True, trim_whitespace=False)
    platform = serializers.ChoiceField(choices=Platform.choices, required=False, allow_blank=True)


@method_decorator(ratelimit(key="ip", rate="120/m", block=True), "post")
class CheckUrls(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Check pasted listing URLs line by line (nothing is saved)",
        request=CheckIn,
        responses=inline_serializer(
            "UrlCheckResult",
            {
                "lines": LineOut(many=True),
                "ok": serializers.BooleanField(),
                "summary": serializers.CharField(),
            },
        ),
    )
    def post(self, request):
        data = CheckIn(data=request.data)
        data.is_valid(raise_exception=True)
        results = check_urls(
            data.validated_data["urls"], platform=data.validated_data.get("platform") or None
        )
        bad = sum(1 for r in results if r.error)
        summary = (
            (ngettext("%(n)d line needs fixing.", "%(n)d lines need fixing.", bad) % {"n": bad})
            if bad
            else (
                ngettext("%(n)d URL looks right.", "%(n)d URLs look right.", len(results))
                % {"n": len(results)}
            )
        )
        return Response({"lines": _lines(results), "ok": bad == 0, "summary": summary})


class ItemOut(serializers.ModelSerializer):
    class Meta:
        model = ComplaintItem
        fields = ["line", "url", "platform", "listing_id", "status", "error_code", "error_message"]


class ComplaintOut(serializers.ModelSerializer):
    progress_percent = serializers.IntegerField()
    evidence = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "id",
            "platform",
            "ipr",
            "reason",
            "description",
            "source",
            "status",
            "url_count",
            "processed_count",
            "valid_count",
            "progress_percent",
            "evidence",
            "created_at",
            "submitted_at",
            "validated_at",
            "closed_at",
        ]


class ComplaintDetailOut(ComplaintOut):
    items = ItemOut(many=True, read_only=True)

    class Meta(ComplaintOut.Meta):
        fields = [*ComplaintOut.Meta.fields, "items"]


class ComplaintIn(serializers.Serializer):
    platform = serializers.ChoiceField(choices=Platform.choices)
    ipr = serializers.IntegerField(min_value=1)
    reason = serializers.ChoiceField(choices=ComplaintReason.choices)
    urls = serializers.ListField(
        child=serializers.CharField(max_length=4096, trim_whitespace=False),
        max_length=1000,
        allow_empty=False,
    )
    description = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )
    evidence = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        default=list,
        max_length=12,
        help_text="Ids from POST /api/v1/documents/.",
    )
    submit = serializers.BooleanField(
        default=True, help_text="false saves a draft; true files it now."
    )


def _input(user, data) -> services.ComplaintInput:
    ipr = authenticated_iprs_for(user).filter(pk=data["ipr"]).first()
    evidence = list(Document.objects.filter(owner=user, pk__in=data["evidence"]))
    if len(evidence) != len(set(data["evidence"])):
        raise DomainError(
            _("Some evidence ids are not your uploaded documents."),
            code="bad_evidence",
            field="evidence",
        )
    return services.ComplaintInput(
        platform=data["platform"],
        ipr=ipr,
        reason=data["reason"],
        urls="\n".join(data["urls"]),
        description=data["description"],
        evidence=evidence,
    )


def _line_errors(error: services.LineErrors) -> Response:
    return Response(
        {
            "detail": error.message,
            "code": error.code,
            "field": "urls",
            "lines": _lines(error.results),
        },
        status=400,
    )


class ComplaintListCreate(IdempotentCreate, APIView):
    @extend_schema(
        summary="Manage Complaints: your complaints, newest first (keyset cursor)",
        parameters=[
            OpenApiParameter(n, str, required=False)
            for n in ("platform", "status", "ipr", "reason", "date_from", "date_to", "q", "after")
        ],
        responses=inline_serializer(
            "ComplaintPage", {"results": ComplaintOut(many=True), "next": serializers.CharField()}
        ),
    )
    def get(self, request):
        from .forms import ManageFilterForm
        from .views import _filters

        form = ManageFilterForm(request.query_params or None, user=request.user)
        if request.query_params and not form.is_valid():
            return Response(form.errors, status=400)
        rows, cursor = selectors.manage_page(
            request.user, _filters(form), request.query_params.get("after", "")
        )
        return Response({"results": ComplaintOut(rows, many=True).data, "next": cursor})

    @extend_schema(
        summary="File a complaint (or save a draft with submit=false)",
        request=ComplaintIn,
        responses={201: ComplaintDetailOut},
    )
    def post(self, request):
        data = ComplaintIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = _input(request.user, data.validated_data)
        try:
            if data.validated_data["submit"]:
                complaint = services.file_complaint(
                    complainant=request.user, data=values, source=ComplaintSource.API
                )
            else:
                complaint, _r = services.save_draft(
                    complainant=request.user, data=values, source=ComplaintSource.API
                )
        except services.LineErrors as error:
            return _line_errors(error)
        complaint.refresh_from_db()
        return Response(ComplaintDetailOut(complaint).data, status=201)


class ComplaintDetail(APIView):
    @extend_schema(
        summary="One complaint with each URL's state and the validation progress",
        responses=ComplaintDetailOut,
    )
    def get(self, request, pk):
        complaint = selectors.access_complaint(request.user, pk)
        return Response(ComplaintDetailOut(complaint).data)


class ComplaintSubmit(IdempotentCreate, APIView):
    @extend_schema(summary="Submit a draft", request=None, responses=ComplaintDetailOut)
    def post(self, request, pk):
        complaint = selectors.access_own_complaint(request.user, pk)
        complaint = services.submit_complaint(complaint=complaint, actor=request.user)
        return Response(ComplaintDetailOut(complaint).data)


class ComplaintWithdraw(APIView):
    @extend_schema(summary="Withdraw a complaint", request=None, responses=ComplaintOut)
    def post(self, request, pk):
        complaint = selectors.access_own_complaint(request.user, pk)
        complaint = services.withdraw_complaint(complaint=complaint, actor=request.user)
        return Response(ComplaintOut(complaint).data)


class AuditOut(serializers.Serializer):
    created_at = serializers.DateTimeField()
    action = serializers.CharField()
    to_status = serializers.CharField()
    reason = serializers.CharField()


class ComplaintTimeline(APIView):
    @extend_schema(summary="The complaint's timeline", responses=AuditOut(many=True))
    def get(self, request, pk):
        complaint = selectors.access_complaint(request.user, pk)
        return Response(AuditOut(trail_for(complaint), many=True).data)


class ComplaintOptions(APIView):
    @extend_schema(
        summary="What you can file: platforms, your IPRs with their reasons, and the "
        "IPRs not offered with why",
        responses=inline_serializer(
            "ComplaintOptions",
            {
                "can_file": serializers.BooleanField(),
                "block_reason": serializers.CharField(allow_null=True),
                "platforms": serializers.ListField(),
                "iprs": serializers.ListField(),
                "unavailable": serializers.ListField(),
            },
        ),
    )
    def get(self, request):
        user = request.user
        return Response(
            {
                "can_file": filing_block_reason(user) is None,
                "block_reason": filing_block_reason(user),
                "platforms": [{"code": c, "name": str(n)} for c, n in Platform.choices],
                "iprs": [
                    {
                        "id": i.pk,
                        "name": str(i),
                        "kind": i.kind,
                        "reasons": [
                            {"code": r, "label": str(ComplaintReason(r).label)}
                            for r in reasons_for(i)
                        ],
                    }
                    for i in authenticated_iprs_for(user)
                ],
                "unavailable": [
                    {"id": i.pk, "name": str(i), "why": str(why)}
                    for i, why in unavailable_iprs_for(user)
                ],
            }
        )


class DmcaIn(serializers.Serializer):
    platform = serializers.ChoiceField(choices=Platform.choices)
    reason = serializers.ChoiceField(choices=[(r.value, r.label) for r in COPYRIGHT_DMCA_REASONS])
    urls = serializers.ListField(
        child=serializers.CharField(max_length=4096), max_length=50, allow_empty=False
    )
    work_description = serializers.CharField(max_length=5000)
    rights_owner_name = serializers.CharField(max_length=200)
    notifier_name = serializers.CharField(max_length=200)
    notifier_email = serializers.EmailField(max_length=254)
    notifier_phone = serializers.RegexField(r"^\+?[0-9 ()\-./]{5,40}$")
    notifier_address = serializers.CharField(max_length=500)
    good_faith_statement = serializers.BooleanField()
    accuracy_statement = serializers.BooleanField()
    signature = serializers.CharField(max_length=200)
    altcha = AltchaPayloadField()


@method_decorator(ratelimit(key="ip", rate="10/h", block=True), "post")
class DmcaNoticeCreate(IdempotentCreate, APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        summary="File a DMCA notice without an account (at most 10 URLs)",
        request=DmcaIn,
        responses={
            201: inline_serializer(
                "DmcaReceipt",
                {"reference": serializers.IntegerField(), "status": serializers.CharField()},
            )
        },
    )
    def post(self, request):
        data = DmcaIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = {k: v for k, v in data.validated_data.items() if k != "altcha"}
        values["urls"] = "\n".join(values["urls"])
        try:
            complaint = services.file_dmca_notice(
                data=services.DmcaInput(**values), ip_address=client_ip(request)
            )
        except services.LineErrors as error:
            return _line_errors(error)
        return Response({"reference": complaint.pk, "status": complaint.status}, status=201)
