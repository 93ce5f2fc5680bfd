"""Review API: the same services as the pages. Workflow moves are explicit POST actions."""

from datetime import datetime

from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import require_reviewer
from complaints.models import ComplaintItem, ItemRejectionReason
from complaints.visibility import complainant_contact
from core import claims
from core.api_output import PlannedOutput
from core.calendar import working_days_left
from core.cursors import encode_keyset, keyset_param
from core.documents import store_upload
from core.idempotency import IdempotentCreate
from ipr.models import ipr_name, kind_labels

from . import selectors
from .models import CounterNotice, CounterNoticeGround, PenaltyEntry
from .services import bulk, decisions, penalties
from .services import counter_notices as cn_services
from .services.workbench import claim_next_item


# --- serializers ---------------------------------------------------------------------------------
class QueueOut(serializers.Serializer):
    name = serializers.CharField(source="queue.name")
    label = serializers.CharField(source="queue.label")
    count = serializers.IntegerField()
    claimed = serializers.IntegerField()
    oldest = serializers.DateTimeField(allow_null=True)


class QueueItemOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    label = serializers.CharField(source="__str__")
    waiting_since = serializers.DateTimeField(source="age", allow_null=True)
    claimed_by = serializers.CharField(source="holder_email", allow_null=True)
    url = serializers.CharField(source="work_url")
    # Complaints only (null elsewhere): the notifier's stored daily figures and tier
    # (complaints.standing), as the queue page shows them beside each complaint.
    notifier_good_faith = serializers.BooleanField(allow_null=True, default=None)
    notifier_takedown_rate = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, default=None
    )
    notifier_overturned_rate = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, default=None
    )


class ClaimOut(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    url = serializers.CharField(allow_null=True)


class ItemDecisionOut(serializers.ModelSerializer):
    class Meta:
        model = ComplaintItem
        fields = [
            "id",
            "complaint",
            "line",
            "url",
            "status",
            "rejection_reason",
            "decision_note",
            "decided_at",
            "outcome",
            "closed_at",
        ]


class AcceptIn(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class RejectIn(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ItemRejectionReason.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReverseIn(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class DecisionsIn(serializers.Serializer):
    item_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=200
    )
    decision = serializers.ChoiceField(choices=[bulk.ACCEPT, bulk.REJECT])
    reason = serializers.ChoiceField(
        choices=ItemRejectionReason.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required to reject (one of the FAQ's reasons); empty to accept.",
    )
    note = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Shown to the complainant (reject) or the seller (accept); required for "
        "reason 'other'.",
    )


class ReviewItemOut(ItemDecisionOut):
    undo_until = serializers.SerializerMethodField(
        help_text="Until when the reviewer who accepted this URL may undo it (null: no undo)."
    )

    class Meta(ItemDecisionOut.Meta):
        fields = [*ItemDecisionOut.Meta.fields, "undo_until"]

    def get_undo_until(self, item) -> datetime | None:
        return bulk.undo_deadline(item)


class DecisionsOut(serializers.Serializer):
    complaint = serializers.IntegerField(source="complaint.pk")
    complaint_status = serializers.CharField(source="complaint.status")
    decision = serializers.CharField()
    decided = serializers.IntegerField(source="decided_count")
    undo_until = serializers.DateTimeField(allow_null=True)
    items = ReviewItemOut(many=True)


class UndoOut(serializers.Serializer):
    complaint_status = serializers.CharField(source="complaint.status")
    item = ReviewItemOut(source="*")


class SellerRoundOut(serializers.ModelSerializer):
    """One counter-notice round as the seller's item shows it: its own statement and outcome."""

    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = CounterNotice
        fields = [
            "id",
            "round",
            "status",
            "status_label",
            "grounds",
            "statement",
            "submitted_at",
            "decided_at",
            "decision_note",
        ]


class ItemNoticeOut(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    round = serializers.IntegerField()


class ChancesOut(serializers.Serializer):
    total = serializers.IntegerField(help_text="Counter-notice chances on this platform.")
    used = serializers.IntegerField(help_text="Counter-notices sent.")
    open_round = serializers.IntegerField(
        allow_null=True, help_text="The chance whose window is open now, or null."
    )
    remaining = serializers.IntegerField(help_text="Chances left after the open (or last) one.")
    due_at = serializers.DateTimeField(allow_null=True, help_text="The open window's due time.")


class SellerItemOut(PlannedOutput, serializers.ModelSerializer):
    complainant = serializers.SerializerMethodField()
    reason = serializers.CharField(source="complaint.reason")
    ipr = serializers.SerializerMethodField()
    listing_title = serializers.CharField(source="catalogue_listing.title", default="")
    counter_notice_due = serializers.DateTimeField(source="seller_due", allow_null=True)
    complainant_answer_due = serializers.DateTimeField(source="complainant_due", allow_null=True)
    counter_notice_working_days_left = serializers.SerializerMethodField(
        help_text="Whole working days until counter_notice_due (0 on the day or after it)."
    )
    complainant_answer_working_days_left = serializers.SerializerMethodField(
        help_text="Whole working days until complainant_answer_due."
    )
    counter_notice = serializers.SerializerMethodField(
        help_text="The latest counter-notice round (the one in play), or null."
    )
    chances = serializers.SerializerMethodField()

    class Meta:
        model = ComplaintItem
        fields = [
            "id",
            "complaint",
            "url",
            "listing_id",
            "listing_title",
            "status",
            "outcome",
            "reason",
            "ipr",
            "complainant",
            "counter_notice_due",
            "complainant_answer_due",
            "counter_notice_working_days_left",
            "complainant_answer_working_days_left",
            "counter_notice",
            "chances",
        ]

    def get_counter_notice_working_days_left(self, item) -> int | None:
        return working_days_left(item.seller_due) if item.seller_due else None

    def get_complainant_answer_working_days_left(self, item) -> int | None:
        return working_days_left(item.complainant_due) if item.complainant_due else None

    def get_complainant(self, item) -> dict:
        return complainant_contact(item.complaint)

    def get_ipr(self, item) -> str:
        return str(item.complaint.ipr) if item.complaint.ipr_id else ""

    @extend_schema_field(ItemNoticeOut(allow_null=True))
    def get_counter_notice(self, item) -> dict | None:
        return selectors.latest_counter_notice(item)

    @extend_schema_field(ChancesOut)
    def get_chances(self, item) -> dict:
        chances = selectors.chances_of(item)
        return {
            "total": chances.total,
            "used": chances.used,
            "open_round": chances.open_round,
            "remaining": chances.remaining,
            "due_at": chances.due_at,
        }


class SellerItemDetailOut(SellerItemOut):
    """One complained listing with every counter-notice round, each with its own statement and
    outcome."""

    counter_notices = serializers.SerializerMethodField(
        help_text="Every counter-notice round of this listing, first to last."
    )

    class Meta(SellerItemOut.Meta):
        fields = [*SellerItemOut.Meta.fields, "counter_notices"]

    @extend_schema_field(SellerRoundOut(many=True))
    def get_counter_notices(self, item) -> list:
        return SellerRoundOut(item.counter_notices.all(), many=True).data


class CounterNoticeOut(serializers.ModelSerializer):
    evidence = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    complainant_evidence = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = CounterNotice
        fields = [
            "id",
            "item",
            "round",
            "status",
            "grounds",
            "statement",
            "evidence",
            "complainant_statement",
            "complainant_evidence",
            "submitted_at",
            "answered_at",
            "decided_at",
            "decision_note",
        ]


class CounterNoticeIn(serializers.Serializer):
    grounds = serializers.ChoiceField(choices=CounterNoticeGround.choices)
    statement = serializers.CharField(max_length=5000)
    evidence = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, max_length=12
    )
    full_name = serializers.CharField(max_length=200, required=False, default="")
    address = serializers.CharField(max_length=500, required=False, default="")
    phone = serializers.CharField(max_length=40, required=False, default="")
    signature = serializers.CharField(max_length=200, required=False, default="")
    perjury_statement = serializers.BooleanField(required=False, default=False)
    jurisdiction_consent = serializers.BooleanField(required=False, default=False)


class MaintainIn(serializers.Serializer):
    statement = serializers.CharField(max_length=5000)
    evidence = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, max_length=12
    )


class DecideIn(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "reject"])
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class PenaltyEntryOut(serializers.ModelSerializer):
    class Meta:
        model = PenaltyEntry
        fields = [
            "id",
            "seller",
            "platform",
            "item",
            "points",
            "explanation",
            "reverses",
            "created_at",
        ]


PointsOut = inline_serializer(
    "SellerPoints",
    {
        "standing": serializers.ListField(child=serializers.DictField()),
        "ledger": PenaltyEntryOut(many=True),
    },
)


def _uploads(user, files) -> list:
    return [store_upload(owner=user, upload=f) for f in files]


def _standing(rows) -> list[dict]:
    return [{**r, "sanction_label": str(r["sanction_label"])} for r in rows]


# --- workbench ---------------------------------------------------------------------------------
class Queues(APIView):
    @extend_schema(
        summary="Workbench: every review queue with counts", responses=QueueOut(many=True)
    )
    def get(self, request):
        return Response(QueueOut(selectors.workbench(request.user), many=True).data)


class QueueItems(APIView):
    @extend_schema(
        operation_id="v1_review_queues_items_list",
        summary="A queue's first page, oldest first",
        responses=QueueItemOut(many=True),
    )
    def get(self, request, name):
        _q, rows, _last = selectors.queue_page(request.user, name)
        return Response(QueueItemOut(rows, many=True).data)


class ClaimNext(APIView):
    @extend_schema(
        summary="Claim the oldest unclaimed item of a queue", request=None, responses=ClaimOut
    )
    def post(self, request, name):
        queue = selectors.reviewer_queue(request.user, name)
        item = claim_next_item(queue_name=name, reviewer=request.user)
        return Response({"id": item.pk if item else None, "url": queue.url(item) if item else None})


class Claim(APIView):
    @extend_schema(summary="Claim one queue item", request=None, responses=ClaimOut)
    def post(self, request, name, pk):
        queue, item = selectors.queue_item(request.user, name, pk)
        claims.claim(queue_name=name, item=item, reviewer=request.user)
        return Response({"id": item.pk, "url": queue.url(item)})


class Release(APIView):
    @extend_schema(summary="Release a claimed queue item", request=None, responses=ClaimOut)
    def post(self, request, name, pk):
        _queue, item = selectors.queue_item(request.user, name, pk)
        claims.release(queue_name=name, item=item, reviewer=request.user)
        return Response({"id": item.pk, "url": None})


# --- per-URL decisions -------------------------------------------------------------------------
class AcceptItem(APIView):
    @extend_schema(
        summary="Accept a complained URL (takes the listing down)",
        request=AcceptIn,
        responses=ItemDecisionOut,
    )
    def post(self, request, pk):
        item = selectors.access_item_for_review(request.user, pk)
        data = AcceptIn(data=request.data)
        data.is_valid(raise_exception=True)
        item = decisions.accept_item(
            item=item, actor=request.user, note=data.validated_data["note"]
        )
        return Response(ItemDecisionOut(item).data)


class RejectItem(APIView):
    @extend_schema(
        summary="Reject a complained URL with a reason", request=RejectIn, responses=ItemDecisionOut
    )
    def post(self, request, pk):
        item = selectors.access_item_for_review(request.user, pk)
        data = RejectIn(data=request.data)
        data.is_valid(raise_exception=True)
        item = decisions.reject_item(item=item, actor=request.user, **data.validated_data)
        return Response(ItemDecisionOut(item).data)


class ReverseItem(APIView):
    @extend_schema(
        summary="Reverse a final takedown (restores; voids its points)",
        request=ReverseIn,
        responses=ItemDecisionOut,
    )
    def post(self, request, pk):
        item = selectors.access_item_for_review(request.user, pk)
        data = ReverseIn(data=request.data)
        data.is_valid(raise_exception=True)
        item = decisions.reverse_takedown(item=item, actor=request.user, **data.validated_data)
        return Response(ItemDecisionOut(item).data)


class DecideItems(APIView):
    @extend_schema(
        summary="Accept or reject a selection of a complaint's URLs at once",
        description=(
            "All or nothing, in one transaction: every id must be a URL of this complaint that "
            "awaits a decision (`valid`), else 409 `already_decided` (someone decided one "
            "meanwhile) or 400 `not_in_complaint`. Accepting takes the listings down and tells "
            "each seller once for the batch; the reviewer may undo each takedown until "
            "`undo_until` (`POST /api/v1/review/items/{id}/undo/`)."
        ),
        request=DecisionsIn,
        responses=DecisionsOut,
    )
    def post(self, request, pk):
        complaint = selectors.access_complaint_for_review(request.user, pk)
        data = DecisionsIn(data=request.data)
        data.is_valid(raise_exception=True)
        result = bulk.decide_items(complaint=complaint, actor=request.user, **data.validated_data)
        return Response(DecisionsOut(result).data)


class UndoTakedown(APIView):
    @extend_schema(
        summary="Undo an accepted URL within the undo window (the URL awaits a decision again)",
        description=(
            "Only the reviewer who accepted the URL, before `undo_until` and before the seller "
            "sent a counter-notice (409 `not_decider`, `undo_expired`, `counter_notice_sent`, "
            "`not_accepted`). The listing is restored and the seller told."
        ),
        request=None,
        responses=UndoOut,
    )
    def post(self, request, pk):
        item = selectors.access_item_for_review(request.user, pk)
        item = bulk.undo_takedown(item=item, actor=request.user)
        return Response(UndoOut(item).data)


# --- seller ------------------------------------------------------------------------------------
# The seller pages and endpoints do not exist for other accounts (the selectors answer 404).
NOT_A_SELLER = OpenApiResponse(description="Not a seller account.")


class SellerItems(APIView):
    @extend_schema(
        operation_id="v1_seller_items_list",
        summary="Seller: complaints against my listings, newest decision first (keyset cursor)",
        description=(
            "50 per page. `next` is the cursor of the following page (empty at the end): "
            "pass it back as `?after=`."
        ),
        parameters=[OpenApiParameter("after", str, required=False)],
        responses={
            200: inline_serializer(
                "SellerItemPage",
                {"results": SellerItemOut(many=True), "next": serializers.CharField()},
            ),
            404: NOT_A_SELLER,
        },
    )
    def get(self, request):
        rows, last = selectors.seller_api_page(request.user, keyset_param(request.query_params))
        cursor = encode_keyset(*last) if last is not None else ""
        return Response({"results": seller_item_rows(rows), "next": cursor})


_WHEN = serializers.DateTimeField()


def seller_item_rows(rows: list[dict]) -> list[dict]:
    """SellerItemOut's representation of `selectors.seller_api_page` rows, written directly from
    their values (tests/reviews/test_api_output.py compares the two on the same URLs)."""
    kinds = kind_labels()
    out = []
    for row in rows:
        seller_due, complainant_due = row["seller_due"], row["complainant_due"]
        chances = selectors.chances_of_row(row)
        ipr = ""
        if row["complaint__ipr_id"]:
            ipr = ipr_name(
                row["complaint__ipr__kind"],
                row["complaint__ipr__mark_word"],
                row["complaint__ipr__title"],
                row["complaint__ipr__work_title"],
                row["complaint__ipr__number"],
                kinds=kinds,
            )
        out.append(
            {
                "id": row["pk"],
                "complaint": row["complaint_id"],
                "url": row["url"],
                "listing_id": row["listing_id"],
                "listing_title": row["catalogue_listing__title"] or "",
                "status": row["status"],
                "outcome": row["outcome"],
                "reason": row["complaint__reason"],
                "ipr": ipr,
                "complainant": row["complainant"],
                "counter_notice_due": _WHEN.to_representation(seller_due) if seller_due else None,
                "complainant_answer_due": (
                    _WHEN.to_representation(complainant_due) if complainant_due else None
                ),
                "counter_notice_working_days_left": (
                    working_days_left(seller_due) if seller_due else None
                ),
                "complainant_answer_working_days_left": (
                    working_days_left(complainant_due) if complainant_due else None
                ),
                "counter_notice": (
                    {
                        "id": row["notice_id"],
                        "status": row["notice_status"],
                        "round": row["notice_round"],
                    }
                    if row["notice_id"]
                    else None
                ),
                "chances": {
                    "total": chances.total,
                    "used": chances.used,
                    "open_round": chances.open_round,
                    "remaining": chances.remaining,
                    "due_at": chances.due_at,
                },
            }
        )
    return out


class SellerItem(APIView):
    @extend_schema(summary="Seller: one complained listing", responses=SellerItemDetailOut)
    def get(self, request, pk):
        return Response(SellerItemDetailOut(selectors.access_seller_item(request.user, pk)).data)


class SubmitCounterNotice(IdempotentCreate, APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        summary="Seller: send a counter-notice (multipart, evidence files)",
        request={"multipart/form-data": CounterNoticeIn},
        responses={201: CounterNoticeOut},
    )
    def post(self, request, pk):
        item = selectors.access_seller_item(request.user, pk)
        data = CounterNoticeIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["evidence"] = _uploads(request.user, values["evidence"])
        notice = cn_services.submit_counter_notice(
            item=item, actor=request.user, data=cn_services.CounterNoticeInput(**values)
        )
        return Response(CounterNoticeOut(notice).data, status=201)


class SellerPoints(APIView):
    @extend_schema(
        summary="Seller: my penalty points and why", responses={200: PointsOut, 404: NOT_A_SELLER}
    )
    def get(self, request):
        ledger = selectors.seller_ledger(request.user)
        stores = selectors.store_ids(request.user)
        return Response(
            {
                "standing": _standing(penalties.standing(stores)),
                "ledger": PenaltyEntryOut(ledger[:200], many=True).data,
            }
        )


class SellerHistory(APIView):
    @extend_schema(summary="Reviewer: a seller's penalty history", responses=PointsOut)
    def get(self, request, pk):
        seller = selectors.access_seller_for_review(request.user, pk)
        return Response(
            {
                "standing": _standing(penalties.standing([seller.pk])),
                "ledger": PenaltyEntryOut(seller.penalty_entries.all()[:200], many=True).data,
            }
        )


# --- counter-notices ---------------------------------------------------------------------------
class CounterNoticeDetail(APIView):
    @extend_schema(
        summary="A counter-notice (complainant, seller, reviewers)", responses=CounterNoticeOut
    )
    def get(self, request, pk):
        return Response(CounterNoticeOut(selectors.access_counter_notice(request.user, pk)).data)


def _own_notice(request, pk) -> CounterNotice:
    notice = selectors.access_counter_notice(request.user, pk)
    if notice.item.complaint.complainant_id != request.user.pk:
        from django.http import Http404

        raise Http404
    return notice


class AcceptCounterNotice(APIView):
    @extend_schema(
        summary="Complainant: accept the counter-notice (listing restored)",
        request=None,
        responses=CounterNoticeOut,
    )
    def post(self, request, pk):
        notice = cn_services.accept_counter_notice(
            counter_notice=_own_notice(request, pk), actor=request.user
        )
        return Response(CounterNoticeOut(notice).data)


class MaintainComplaint(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        summary="Complainant: maintain the complaint with further evidence (multipart)",
        request={"multipart/form-data": MaintainIn},
        responses=CounterNoticeOut,
    )
    def post(self, request, pk):
        notice = _own_notice(request, pk)
        data = MaintainIn(data=request.data)
        data.is_valid(raise_exception=True)
        notice = cn_services.maintain_complaint(
            counter_notice=notice,
            actor=request.user,
            statement=data.validated_data["statement"],
            evidence=_uploads(request.user, data.validated_data["evidence"]),
        )
        return Response(CounterNoticeOut(notice).data)


class DecideCounterNotice(APIView):
    @extend_schema(
        summary="Reviewer: accept or reject a maintained counter-notice",
        request=DecideIn,
        responses=CounterNoticeOut,
    )
    def post(self, request, pk):
        require_reviewer(request.user)
        notice = selectors.access_counter_notice(request.user, pk)
        data = DecideIn(data=request.data)
        data.is_valid(raise_exception=True)
        notice = cn_services.decide_counter_notice(
            counter_notice=notice,
            actor=request.user,
            accept=data.validated_data["decision"] == "accept",
            note=data.validated_data["note"],
        )
        return Response(CounterNoticeOut(notice).data)
