"""The daily sweep: withdraw authentications whose term has passed, and remind owners before.

Both work set-based in batches: select a batch of primary keys (locked, skipping rows another
transaction holds), one UPDATE for the batch, one bulk INSERT of audit rows, one queued email
task. Both are idempotent: only `authenticated` rows move, and a reminder is recorded (unique
per IPR, expiry, date and threshold) before it is sent, so a second run changes nothing."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import audit, outbox
from core.notify import notify_user

from .. import policy
from ..audit_actions import IPRAction
from ..models import IPR, ExpiryKind, ExpiryReminder, IPRStatus, WithdrawalReason

# (reason, resulting status, the date field whose passing causes it). Order matters: a right
# whose own term ended is "expired" even if its letter ended too.
CAUSES = (
    (WithdrawalReason.RIGHT_EXPIRED, IPRStatus.EXPIRED, "expires_on"),
    (WithdrawalReason.LETTER_EXPIRED, IPRStatus.WITHDRAWN, "letter_ends_on"),
    (WithdrawalReason.IDENTITY_EXPIRED, IPRStatus.WITHDRAWN, "owner__identity_expires_on"),
)
REMINDED = (
    (ExpiryKind.RIGHT, "expires_on"),
    (ExpiryKind.LETTER, "letter_ends_on"),
    (ExpiryKind.IDENTITY, "owner__identity_expires_on"),
)
IPR_LABEL = IPR._meta.label_lower


def _batch_size(batch_size: int | None) -> int:
    return batch_size or policy.sweep_batch()


def withdraw_expired(
    *, today: datetime.date | None = None, batch_size: int | None = None
) -> dict[str, int]:
    """Withdraw every authenticated IPR whose right, letter or owner identity ended before
    `today` (the ends-today rule: a term ending today is still valid today). Idempotent."""
    today = today or timezone.localdate()
    size = _batch_size(batch_size)
    counts = {}
    for code, to_status, field in CAUSES:
        counts[str(code)] = 0
        while moved := _withdraw_batch(code, to_status, Q(**{f"{field}__lt": today}), size):
            counts[str(code)] += moved
    return counts


def _withdraw_batch(code: str, to_status: str, condition: Q, size: int) -> int:
    now = timezone.now()
    reason = str(WithdrawalReason(code).label)
    with transaction.atomic():
        ids = list(
            IPR.objects.filter(condition, status=IPRStatus.AUTHENTICATED)
            .order_by()
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", flat=True)[:size]
        )
        if not ids:
            return 0
        IPR.objects.filter(pk__in=ids).update(
            status=to_status,
            withdrawal_code=code,
            withdrawal_text="",
            withdrawn_at=now,
            updated_at=now,
        )
        audit.record_many(
            target_type=IPR_LABEL,
            target_ids=ids,
            action=IPRAction.for_status(to_status),
            from_status=IPRStatus.AUTHENTICATED,
            to_status=to_status,
            reason=reason,
            data={"code": code, "by": "sweep"},
        )
        outbox.enqueue("ipr.tasks.notify_withdrawn_task", ipr_ids=ids)
    return len(ids)


@transaction.atomic
def notify_withdrawn(*, ipr_ids: list[int]) -> int:
    """One email per owner listing its IPRs that were withdrawn or expired, with the reason."""
    from ..guidance import RENEW_HINT

    by_owner = defaultdict(list)
    rows = IPR.objects.filter(
        pk__in=ipr_ids, status__in=[IPRStatus.WITHDRAWN, IPRStatus.EXPIRED]
    ).select_related("owner")
    for ipr in rows:
        by_owner[ipr.owner].append(
            {
                "ipr_id": ipr.pk,
                "ipr_label": str(ipr),
                # Lazy labels: core.notify writes them in the owner's language.
                "status": IPRStatus(ipr.status).label,
                "reason": ipr.reason_text,
                "hint": RENEW_HINT.get(ipr.withdrawal_code, ""),
            }
        )
    for owner, items in by_owner.items():
        notify_user(owner, "ipr_withdrawn_batch", {"items": items})
    return len(by_owner)


def send_expiry_reminders(
    *, today: datetime.date | None = None, batch_size: int | None = None
) -> int:
    """Remind owners 30 and 7 days (settings.IPP["IPR_REMINDER_DAYS"]) before each expiry of
    an authenticated IPR. A reminder missed on its exact day goes out on the next run."""
    today = today or timezone.localdate()
    size = _batch_size(batch_size)
    thresholds = policy.reminder_days()
    sent = 0
    for kind, field in REMINDED:
        for i, days in enumerate(thresholds):
            lower = thresholds[i + 1] if i + 1 < len(thresholds) else -1
            window = Q(
                **{
                    f"{field}__gt": today + datetime.timedelta(days=lower),
                    f"{field}__lte": today + datetime.timedelta(days=days),
                }
            )
            after = None
            while after := _remind_batch(kind, field, days, window, today, size, after):
                sent += after[2]
    return sent


def _remind_batch(kind, field, days, window, today, size, after):
    """One batch of IPRs in the window, in (date, id) order after the last batch's end. Their
    reminders already recorded are looked up by primary key (no anti-join for the planner to
    misjudge); the rest are recorded and queued. The rows stay locked until commit, so a
    concurrent run waits and then finds the reminders recorded. Returns (date, id, sent)."""
    qs = IPR.objects.filter(window, status=IPRStatus.AUTHENTICATED)
    if after is not None:
        last_date, last_pk, _sent = after
        qs = qs.filter(
            Q(**{f"{field}__gt": last_date}) | Q(**{field: last_date, "pk__gt": last_pk})
        )
    with transaction.atomic():
        rows = list(
            qs.order_by(field, "pk").select_for_update(of=("self",)).values_list("pk", field)[:size]
        )
        if not rows:
            return None
        done = set(
            ExpiryReminder.objects.filter(
                ipr_id__in=[pk for pk, _ends in rows], expiry_kind=kind, days_before=days
            ).values_list("ipr_id", "expires_on")
        )
        new = [(pk, ends) for pk, ends in rows if (pk, ends) not in done]
        if new:
            ExpiryReminder.objects.bulk_create(
                [
                    ExpiryReminder(ipr_id=pk, expiry_kind=kind, expires_on=ends, days_before=days)
                    for pk, ends in new
                ],
                ignore_conflicts=True,
            )
            ids = [pk for pk, _ends in new]
            outbox.enqueue(
                "ipr.tasks.notify_expiry_task", kind=kind, ipr_ids=ids, today=today.isoformat()
            )
    last_pk, last_date = rows[-1]
    return last_date, last_pk, len(new)


@transaction.atomic
def notify_expiry(*, kind: str, ipr_ids: list[int], today: datetime.date) -> int:
    """One reminder email per owner for the IPRs of one batch whose `kind` of term ends soon."""
    field = dict(REMINDED)[ExpiryKind(kind)]
    by_owner = defaultdict(list)
    rows = IPR.objects.filter(pk__in=ipr_ids).select_related("owner").order_by("pk")
    for ipr in rows:
        ends = ipr.owner.identity_expires_on if kind == ExpiryKind.IDENTITY else getattr(ipr, field)
        if ends is None:
            continue
        by_owner[ipr.owner].append(
            {
                "ipr_id": ipr.pk,
                "ipr_label": str(ipr),
                "expires_on": ends.isoformat(),
                "days_left": (ends - today).days,
            }
        )
    what = ExpiryKind(kind).label  # lazy: in each owner's language (core.notify)
    for owner, items in by_owner.items():
        notify_user(owner, "ipr_expiry_reminder", {"what": what, "items": items})
    return len(by_owner)
