"""Complaint API: the same services as the pages, for brand-protection agencies."""

import functools
import re

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.registration import AltchaPayloadField
from accounts.selectors import filing_block_reason
from catalogue.urlcheck import Platform, check_urls
from core.api_output import PlannedOutput
from core.errors import DomainError
from core.http import client_ip
from core.idempotency import IdempotentCreate
from core.models import Document
from core.rate_limits import ratelimit
from core.throttling import UserRateThrottle
from ipr.selectors import authenticated_iprs_for, unavailable_iprs_for

from . import policy, saved_filters, selectors, services
from .models import (
    Complaint,
    ComplaintItem,
    ComplaintReason,
    ComplaintSource,
    ItemOutcome,
    ItemRejectionReason,
    ItemStatus,
)
from .reasons import COPYRIGHT_DMCA_REASONS, proof_checklist, reasons_for
from .standing import account_standing, is_good_faith
from .visibility import ComplaintSight, Party, see_complaint, sight_of


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


def _url_check_rate(group, request) -> str:
    return policy.url_check_rate()


@method_decorator(ratelimit(key="ip", rate=_url_check_rate, block=True), "post")
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


class ItemCounterNoticeOut(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    round = serializers.IntegerField()


class ItemOut(PlannedOutput, serializers.ModelSerializer):
    """One complained URL with its check result and the reviewer's decision and reasons."""

    status_label = serializers.CharField(source="get_status_display")
    rejection_reason_label = serializers.CharField(source="get_rejection_reason_display")
    outcome_label = serializers.CharField(source="get_outcome_display")
    counter_notice = serializers.SerializerMethodField()
    counter_notices = serializers.SerializerMethodField()

    class Meta:
        model = ComplaintItem
        fields = [
            "id",
            "line",
            "url",
            "platform",
            "listing_id",
            "status",
            "status_label",
            "error_code",
            "error_message",
            "decided_at",
            "rejection_reason",
            "rejection_reason_label",
            "decision_note",
            "outcome",
            "outcome_label",
            "closed_at",
            "counter_notice",
            "counter_notices",
        ]

    @extend_schema_field(ItemCounterNoticeOut(allow_null=True))
    def get_counter_notice(self, item) -> dict | None:
        """The latest round (the one in play)."""
        rounds = self.get_counter_notices(item)
        return rounds[-1] if rounds else None

    @extend_schema_field(ItemCounterNoticeOut(many=True))
    def get_counter_notices(self, item) -> list[dict]:
        """Every round, first to last (prefetched by `listed_items`, in round order)."""
        if item.status not in COUNTER_NOTICE_ITEM_STATUSES:
            return []  # not even looked for: only an accepted URL can be counter-notified
        return [
            {"id": n.pk, "status": n.status, "round": n.round} for n in item.counter_notices.all()
        ]

    def to_representation(self, item) -> dict:
        """What DRF's own rendering gives (a test holds them equal), without its per-value
        introspection (a signature check of every get_*_display, a choices lookup per label):
        an answer carries up to 200 URLs."""
        labels = _item_labels(get_language())
        fields = self.fields
        return {
            "id": item.pk,
            "line": item.line,
            "url": item.url,
            "platform": item.platform,
            "listing_id": item.listing_id,
            "status": item.status,
            "status_label": labels["status"].get(item.status, item.status),
            "error_code": item.error_code,
            "error_message": item.error_message,
            "decided_at": _when(fields["decided_at"], item.decided_at),
            "rejection_reason": item.rejection_reason,
            "rejection_reason_label": labels["rejection_reason"].get(
                item.rejection_reason, item.rejection_reason
            ),
            "decision_note": item.decision_note,
            "outcome": item.outcome,
            "outcome_label": labels["outcome"].get(item.outcome, item.outcome),
            "closed_at": _when(fields["closed_at"], item.closed_at),
            "counter_notice": self.get_counter_notice(item),
            "counter_notices": self.get_counter_notices(item),
        }


# The statuses in which a URL may carry a counter-notice: it is filed against an accepted URL.
COUNTER_NOTICE_ITEM_STATUSES = frozenset(
    {ItemStatus.ACCEPTED, ItemStatus.UPHELD, ItemStatus.RESTORED, ItemStatus.WITHDRAWN}
)


@functools.lru_cache(maxsize=16)
def _item_labels(language: str | None) -> dict[str, dict[str, str]]:
    """Each choice field's labels in `language`, as get_<field>_display gives them."""
    return {
        "status": {k: str(v) for k, v in ItemStatus.choices},
        "rejection_reason": {k: str(v) for k, v in ItemRejectionReason.choices},
        "outcome": {k: str(v) for k, v in ItemOutcome.choices},
    }


def _when(field: serializers.Field, value):
    return None if value is None else field.to_representation(value)


class ComplaintOut(PlannedOutput, serializers.ModelSerializer):
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


class ComplaintRowOut(ComplaintOut):
    """A complaint as the list shows it: the fields of one complaint, its evidence documents'
    ids in the order they were attached."""

    # Read for the whole page in one query of values (selectors.evidence_ids).
    evidence = serializers.ListField(
        child=serializers.UUIDField(), source="evidence_ids", read_only=True
    )


class ComplaintDetailOut(ComplaintOut):
    """The whole complaint, as the complainant and reviewers see it."""

    viewer = serializers.ChoiceField(choices=[Party.COMPLAINANT.value, Party.REVIEWER.value])
    items = ItemOut(many=True, read_only=True)

    class Meta(ComplaintOut.Meta):
        fields = ["viewer", *ComplaintOut.Meta.fields, "items"]


class EvidenceOut(serializers.Serializer):
    id = serializers.UUIDField(source="pk")
    name = serializers.CharField(source="original_name")


class ContactOut(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.CharField()


class IprRegistrationOut(serializers.Serializer):
    """The registration a seller needs to answer: what the right is and who holds it."""

    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="__str__")
    kind = serializers.CharField()
    right_owner_name = serializers.CharField()
    number = serializers.CharField()
    office = serializers.CharField()
    jurisdiction = serializers.CharField()
    registered_on = serializers.DateField(allow_null=True)
    expires_on = serializers.DateField(allow_null=True)


class SellerComplaintOut(serializers.Serializer):
    """A complaint as a seller named in it sees it: only its own accepted URLs, with the reason,
    the description, the proof, the IPR's registration, and the complainant's name and contact
    email (nothing else of the complainant's person)."""

    viewer = serializers.ChoiceField(choices=[Party.SELLER.value])
    id = serializers.IntegerField()
    platform = serializers.CharField()
    reason = serializers.CharField()
    reason_label = serializers.CharField()
    description = serializers.CharField()
    ipr = IprRegistrationOut(allow_null=True)
    evidence = EvidenceOut(many=True)
    complainant = ContactOut()
    status = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    items = ItemOut(many=True)


def complaint_body(sight: ComplaintSight, *, items: list[ComplaintItem] | None = None) -> dict:
    """The API's answer for one complaint: whichever shape the viewer's sight allows. `items`:
    the complaint's URLs when the caller has just written them all (a filing's answer), so that
    they are not read back; only for a sight of the whole complaint."""
    complaint = sight.complaint
    if sight.whole:
        return {
            "viewer": sight.party.value,
            **ComplaintOut(complaint).data,
            "items": ItemOut(sight.listed_items() if items is None else items, many=True).data,
        }
    return SellerComplaintOut(
        {
            "viewer": sight.party.value,
            "id": complaint.pk,
            "platform": complaint.platform,
            "reason": complaint.reason,
            "reason_label": complaint.get_reason_display(),
            "description": complaint.description,
            "ipr": complaint.ipr,
            "evidence": sight.evidence(),
            "complainant": sight.complainant_contact(),
            "status": complaint.status,
            "submitted_at": complaint.submitted_at,
            "items": sight.listed_items(),
        }
    ).data


COMPLAINT_BODY = PolymorphicProxySerializer(
    component_name="ComplaintAsSeen",
    serializers=[ComplaintDetailOut, SellerComplaintOut],
    resource_type_field_name=None,
)


_SURROGATES = re.compile("[\ud800-\udfff]")


class LineListField(serializers.ListField):
    """A list of strings checked as one: a list whose every item is a non-empty string within
    the child's max_length, without NUL or surrogate characters, is taken as it is; anything
    else goes through the child field item by item, for DRF's own messages per index. Checking
    200 URLs one CharField at a time was a fifth of a complaint's POST."""

    def to_internal_value(self, data):
        limit = self.child.max_length
        if (
            type(data) is list
            and data
            and (self.max_length is None or len(data) <= self.max_length)
            and all(type(line) is str and 0 < len(line) <= limit for line in data)
        ):
            joined = "".join(data)
            if "\x00" not in joined and not _SURROGATES.search(joined):
                return data
        return super().to_internal_value(data)


class ComplaintIn(serializers.Serializer):
    platform = serializers.ChoiceField(choices=Platform.choices)
    ipr = serializers.IntegerField(min_value=1)
    reason = serializers.ChoiceField(choices=ComplaintReason.choices)
    urls = LineListField(
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
    drop_invalid = serializers.BooleanField(
        default=False,
        help_text=(
            "true: URLs that fail the line check are left out instead of refusing the whole "
            "complaint; the answer lists them in `dropped_lines` (line number in `urls`, "
            "1-based, with the error and message). Filing still needs at least one valid URL."
        ),
    )


class FiledOut(ComplaintDetailOut):
    """The answer to a filing: the complaint, and with drop_invalid the URLs left out."""

    dropped_lines = LineOut(many=True, required=False)

    class Meta(ComplaintDetailOut.Meta):
        fields = [*ComplaintDetailOut.Meta.fields, "dropped_lines"]


def _input(user, data) -> services.ComplaintInput:
    evidence = list(Document.objects.filter(owner=user, pk__in=data["evidence"]))
    if len(evidence) != len(set(data["evidence"])):
        raise DomainError(
            _("Some evidence ids are not your uploaded documents."),
            code="bad_evidence",
            field="evidence",
        )
    return services.ComplaintInput(
        platform=data["platform"],
        ipr=data["ipr"],  # the service reads it among the user's authenticated IPRs
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


class FilingThrottle(UserRateThrottle):
    """Complaint POSTs per account (instead of the general per-user rate): an agency files in
    bulk. The rate is a setting (complaints.policy.filing_rate)."""

    scope = "complaint_filing"

    def get_rate(self) -> str:
        return policy.filing_rate()


class ComplaintListCreate(IdempotentCreate, APIView):
    @extend_schema(
        operation_id="v1_complaints_list",
        summary="Manage Complaints: your complaints, newest first (keyset cursor)",
        parameters=[
            OpenApiParameter(n, str, required=False)
            for n in ("platform", "status", "ipr", "reason", "date_from", "date_to", "q", "after")
        ],
        responses=inline_serializer(
            "ComplaintPage",
            {"results": ComplaintRowOut(many=True), "next": serializers.CharField()},
        ),
    )
    def get(self, request):
        from .forms import ManageFilterForm
        from .views import _filters

        form = ManageFilterForm(request.query_params or None, user=request.user)
        rows, cursor = selectors.manage_page(
            request.user, _filters(form), request.query_params.get("after", "")
        )
        selectors.evidence_ids(rows)  # one query for the page, not one per row
        return Response({"results": ComplaintRowOut(rows, many=True).data, "next": cursor})

    @extend_schema(
        summary="File a complaint (or save a draft with submit=false)",
        description=(
            "A reason whose proof checklist has a required item (`GET "
            "/api/v1/complaints/options/` lists each reason's checklist) is refused without at "
            "least one `evidence` document: 400 `proof_required`, `field` `evidence`. With "
            "`drop_invalid: true`, URLs failing the line check are left out and listed in "
            "`dropped_lines` instead of refusing the complaint (400 `bad_urls` with `lines`)."
        ),
        request=ComplaintIn,
        responses={201: FiledOut},
    )
    def post(self, request):
        data = ComplaintIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = _input(request.user, data.validated_data)
        dropped = None
        if data.validated_data["drop_invalid"]:
            kept = services.drop_invalid_lines(values.urls, platform=values.platform)
            values.urls, dropped = kept.urls, _lines(kept.removed)
        try:
            if data.validated_data["submit"]:
                filed = services.file_complaint_with_items(
                    complainant=request.user, data=values, source=ComplaintSource.API
                )
                complaint, items = filed.complaint, filed.items
                _known_evidence(complaint, values.evidence)
            else:
                complaint, _r = services.save_draft(
                    complainant=request.user, data=values, source=ComplaintSource.API
                )
                items = None
        except services.LineErrors as error:
            return _line_errors(error)
        # The complaint as the service just wrote it (the filer is its complainant): not re-read.
        sight = sight_of(request.user, complaint) or see_complaint(request.user, complaint.pk)
        body = complaint_body(sight, items=items)
        if dropped is not None:
            body["dropped_lines"] = dropped
        return Response(body, status=201)

    def get_throttles(self):
        if self.request.method == "POST":
            return [FilingThrottle()]
        return super().get_throttles()


def _known_evidence(complaint: Complaint, evidence: list[Document]) -> None:
    """A complaint just filed without evidence has none: Django is told so (a prefetch of
    nothing runs no query), and the answer does not ask the database."""
    if not evidence:
        prefetch_related_objects([complaint], Prefetch("evidence", Document.objects.none()))


class ComplaintDetail(APIView):
    @extend_schema(
        summary="One complaint as you may see it",
        description=(
            "The complainant and reviewers get the whole complaint (`viewer` is `complainant` or "
            "`reviewer`): every URL with its check result, the reviewer's decision and its "
            "reason, and the validation progress. A seller named in the complaint (`viewer` "
            "`seller`) gets only its own URLs that a reviewer accepted, with the reason, the "
            "description, the proof, the IPR's registration and the complainant's name and "
            "contact email. Anyone else: 404."
        ),
        responses=COMPLAINT_BODY,
    )
    def get(self, request, pk):
        return Response(complaint_body(see_complaint(request.user, pk)))


class ComplaintItems(APIView):
    @extend_schema(
        summary="The complaint's URLs you may see, each with its decision and reasons",
        responses=ItemOut(many=True),
    )
    def get(self, request, pk):
        sight = see_complaint(request.user, pk)
        return Response(ItemOut(sight.listed_items(), many=True).data)


class ComplaintItemDetail(APIView):
    @extend_schema(summary="One complained URL with its decision and reasons", responses=ItemOut)
    def get(self, request, pk, item_pk):
        sight = see_complaint(request.user, pk)
        return Response(ItemOut(sight.item(item_pk)).data)


class ComplaintSubmit(IdempotentCreate, APIView):
    @extend_schema(summary="Submit a draft", request=None, responses=ComplaintDetailOut)
    def post(self, request, pk):
        complaint = selectors.access_own_complaint(request.user, pk)
        complaint = services.submit_complaint(complaint=complaint, actor=request.user)
        return Response(complaint_body(see_complaint(request.user, complaint.pk)))


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
        sight = see_complaint(request.user, pk)
        return Response(AuditOut(sight.timeline(), many=True).data)


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
        good_faith = is_good_faith(user)
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
                            {
                                "code": r,
                                "label": str(ComplaintReason(r).label),
                                "proof": [
                                    {"text": str(p.text), "required": p.required}
                                    for p in proof_checklist(r, good_faith=good_faith)
                                ],
                            }
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
                data=services.DmcaInput(**values),
                ip_address=client_ip(request),
                language=request.LANGUAGE_CODE,
            )
        except services.LineErrors as error:
            return _line_errors(error)
        return Response({"reference": complaint.pk, "status": complaint.status}, status=201)


class SavedFilterOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    query = serializers.CharField(help_text="Add it to GET /api/v1/complaints/?… to apply it.")
    filters = serializers.SerializerMethodField()

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_filters(self, saved) -> dict[str, str]:
        from urllib.parse import parse_qsl

        return dict(parse_qsl(saved.query))


class SavedFilterIn(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    filters = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=2048),
        required=False,
        default=dict,
        help_text="The list's filters: platform, status, ipr, reason, date_from, date_to, q.",
    )


class SavedFilterList(APIView):
    @extend_schema(
        summary="Your saved Manage Complaints filters", responses=SavedFilterOut(many=True)
    )
    def get(self, request):
        rows = saved_filters.saved_filters_for(request.user)
        return Response(SavedFilterOut(rows, many=True).data)

    @extend_schema(
        summary="Save the filters under a name (the same name replaces them)",
        request=SavedFilterIn,
        responses={201: SavedFilterOut},
    )
    def post(self, request):
        from .forms import ManageFilterForm
        from .views import _filters

        data = SavedFilterIn(data=request.data)
        data.is_valid(raise_exception=True)
        form = ManageFilterForm(data.validated_data["filters"], user=request.user)
        values = _filters(form)  # the list's own checks: 400 bad_filter
        saved = saved_filters.save_filter(
            owner=request.user, name=data.validated_data["name"], values=vars(values)
        )
        return Response(SavedFilterOut(saved).data, status=201)


class SavedFilterDetail(APIView):
    @extend_schema(summary="Delete a saved filter", responses={204: None})
    def delete(self, request, pk):
        saved = saved_filters.access_saved_filter(request.user, pk)
        saved_filters.delete_filter(owner=request.user, saved=saved)
        return Response(status=204)


# --- the rights owner's accuracy, tier and sanctions (complaints.standing) ------------------------
class FiguresOut(serializers.Serializer):
    decided = serializers.IntegerField()
    taken_down = serializers.IntegerField()
    overturned = serializers.IntegerField()
    unfounded = serializers.IntegerField()
    takedown_rate = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    overturned_rate = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    unfounded_share = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)


class ReasonFiguresOut(FiguresOut):
    reason = serializers.CharField()
    label = serializers.CharField()


class TierOut(serializers.Serializer):
    good_faith = serializers.BooleanField()
    since = serializers.DateTimeField(allow_null=True)
    left_at = serializers.DateTimeField(allow_null=True)
    rejoin_after = serializers.DateTimeField(allow_null=True)
    computed_at = serializers.DateTimeField(allow_null=True)


class SanctionOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    status = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()
    figures = serializers.DictField()
    lifted_at = serializers.DateTimeField(allow_null=True)
    lift_note = serializers.CharField()


class AccuracyOut(serializers.Serializer):
    window_days = serializers.IntegerField()
    since = serializers.DateTimeField()
    until = serializers.DateTimeField()
    overall = FiguresOut()
    by_reason = ReasonFiguresOut(many=True)
    tier = TierOut()
    sanctions = SanctionOut(many=True)
    filing_suspended_until = serializers.DateTimeField(allow_null=True)
    policy = serializers.DictField(help_text="The thresholds in force (the published policy).")


class AccountAccuracy(APIView):
    @extend_schema(
        summary="Your accuracy: takedown and overturned rates over the window (overall and per "
        "reason), your good-faith tier and any misuse-policy warning or suspension",
        description="Rights-owner accounts only (404 for others). The rates are percentages "
        "with one decimal, null when nothing was decided (or taken down). The same figures "
        "as the “Your accuracy” page.",
        responses={
            200: AccuracyOut,
            404: OpenApiResponse(description="Not a rights-owner account: it has no accuracy."),
        },
    )
    def get(self, request):
        mine = account_standing(request.user)
        accuracy, standing = mine.accuracy, mine.standing
        data = {
            "window_days": accuracy.window_days,
            "since": accuracy.since,
            "until": accuracy.until,
            "overall": accuracy.overall,
            "by_reason": [
                {"reason": code, "label": label, **_figures_dict(figures)}
                for code, label, figures in accuracy.reasons()
            ],
            "tier": {
                "good_faith": mine.good_faith,
                "since": standing.since if standing else None,
                "left_at": standing.left_at if standing else None,
                "rejoin_after": standing.rejoin_after if standing else None,
                "computed_at": standing.computed_at if standing else None,
            },
            "sanctions": mine.sanctions,
            "filing_suspended_until": mine.suspended_until,
            "policy": mine.numbers,
        }
        return Response(AccuracyOut(data).data)


def _figures_dict(figures) -> dict:
    return {name: getattr(figures, name) for name in FiguresOut().fields}
