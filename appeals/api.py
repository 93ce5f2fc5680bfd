"""Appeals API: the same selector (what each party sees) and services as the pages. Evidence is
uploaded first (POST /api/v1/documents/) and named here by id."""

from django.core.paginator import Paginator
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.models import Document

from . import selectors, services
from .forms import DISMISS, GRANT
from .models import AppealKind, AppealReason
from .selectors import AppealSight

ERRORS = {
    400: OpenApiResponse(description="Invalid input, or outside the appeal window."),
    403: OpenApiResponse(description="Not the party the decision went against / not allowed."),
    404: OpenApiResponse(description="No such decision or appeal for this account."),
    409: OpenApiResponse(description="Already appealed, or nothing to appeal any more."),
}


class AppealIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AppealKind.choices)
    subject_id = serializers.IntegerField(
        min_value=1,
        help_text="The decided object: the complaint item (rejected_url, takedown), the IPR, the "
        "identity submission or the sanction.",
    )
    statement = serializers.CharField(max_length=5000)
    evidence = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list, max_length=6
    )


class AppealDecisionIn(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[GRANT, DISMISS])
    reason = serializers.ChoiceField(
        choices=AppealReason.choices,
        help_text="grant: new_evidence, facts_misread, rule_misapplied, other; "
        "dismiss: decision_correct, not_supported, other.",
    )
    answer = serializers.CharField(max_length=5000, help_text="The reasoned answer both read.")


class AppealOut(serializers.Serializer):
    """One appeal as the viewer may see it: the other party gets no statement, evidence or
    first decider (null / empty), and of the appellant a name and contact email only."""

    id = serializers.IntegerField(source="appeal.pk")
    kind = serializers.CharField(source="appeal.kind")
    subject_id = serializers.SerializerMethodField()
    status = serializers.CharField(source="appeal.status")
    party = serializers.CharField()
    appellant = serializers.SerializerMethodField()
    statement = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField()
    decision_at = serializers.DateTimeField(source="appeal.decision_at")
    decision_summary = serializers.SerializerMethodField()
    first_decider = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField(source="appeal.submitted_at")
    decided_at = serializers.DateTimeField(source="appeal.decided_at", allow_null=True)
    reason = serializers.CharField(source="appeal.reason")
    answer = serializers.CharField(source="appeal.answer")

    def get_subject_id(self, sight: AppealSight) -> int:
        return sight.appeal.subject.pk

    def get_appellant(self, sight: AppealSight) -> dict:
        return sight.appellant_contact()

    def get_statement(self, sight: AppealSight) -> str | None:
        return sight.appeal.statement if sight.whole else None

    def get_evidence(self, sight: AppealSight) -> list[str]:
        return [str(d.pk) for d in sight.evidence()]

    def get_decision_summary(self, sight: AppealSight) -> str:
        return sight.appeal.decision_summary

    def get_first_decider(self, sight: AppealSight) -> str | None:
        if not sight.is_reviewer or sight.appeal.first_decider is None:
            return None
        return sight.appeal.first_decider.email


def _out(request, sight: AppealSight) -> dict:
    return AppealOut(sight, context={"request": request}).data


class Appeals(APIView):
    @extend_schema(
        operation_id="v1_appeals_list",
        summary="My appeals (and those where I am the other party), newest first",
        parameters=[OpenApiParameter("page", int, required=False)],
        responses={200: AppealOut(many=True)},
    )
    def get(self, request):
        qs = selectors.appeals_for(request.user)
        page = Paginator(qs, selectors.APPEALS_PAGE).get_page(request.query_params.get("page"))
        sights = selectors.listed_sights(request.user, page.object_list)
        return Response([_out(request, s) for s in sights])

    @extend_schema(
        operation_id="v1_appeals_create",
        summary="Appeal a decision (free; within APPEAL_WINDOW_DAYS of it; once per decision)",
        description=(
            "Only the party the decision went against: the complainant of a rejected URL, the "
            "seller of a takedown that became final, the owner of a failed IPR, the account of "
            "a rejected identity submission or of a misuse sanction. Errors: 400 "
            "`appeal_window_closed`, 403 not entitled, 404 unknown decision, 409 "
            "`already_appealed` / `not_appealable`."
        ),
        request=AppealIn,
        responses={201: AppealOut, **ERRORS},
    )
    def post(self, request):
        data = AppealIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        evidence = list(Document.objects.filter(pk__in=values["evidence"]))
        if len(evidence) != len(set(values["evidence"])):
            raise serializers.ValidationError({"evidence": ["Unknown document id."]})
        appeal = services.file_appeal(
            appellant=request.user,
            data=services.AppealInput(
                kind=values["kind"],
                subject_id=values["subject_id"],
                statement=values["statement"],
                evidence=evidence,
            ),
        )
        sight = selectors.access_appeal(request.user, appeal.pk)
        return Response(_out(request, sight), status=201)


class AppealDetail(APIView):
    @extend_schema(
        summary="One appeal, as the viewer may see it", responses={200: AppealOut, **ERRORS}
    )
    def get(self, request, pk):
        return Response(_out(request, selectors.access_appeal(request.user, pk)))


class WithdrawAppeal(APIView):
    @extend_schema(
        summary="Appellant: withdraw an open appeal",
        request=None,
        responses={200: AppealOut, **ERRORS},
    )
    def post(self, request, pk):
        sight = selectors.access_appeal(request.user, pk)
        services.withdraw_appeal(appeal=sight.appeal, actor=request.user)
        return Response(_out(request, selectors.access_appeal(request.user, pk)))


class DecideAppeal(APIView):
    @extend_schema(
        summary="Second reviewer: grant (reverse the decision) or dismiss, with reasons",
        description=(
            "Never the reviewer who took the decision under appeal (403). Granting reverses "
            "it through the subject's own service: a rejected URL is taken down (the seller's "
            "counter-notice window opens), a final takedown is restored (its points voided), "
            "an IPR authenticated, an identity approved, a sanction lifted."
        ),
        request=AppealDecisionIn,
        responses={200: AppealOut, **ERRORS},
    )
    def post(self, request, pk):
        sight = selectors.access_appeal_for_review(request.user, pk)
        data = AppealDecisionIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.decide_appeal(
            appeal=sight.appeal,
            reviewer=request.user,
            grant=values["decision"] == GRANT,
            reason=values["reason"],
            answer=values["answer"],
        )
        return Response(_out(request, selectors.access_appeal(request.user, pk)))
