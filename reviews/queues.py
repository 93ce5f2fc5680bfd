"""The reviewer queues the workbench shows, registered with core.claims in ReviewsConfig.ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.claims import Queue


def _identity(purpose: str):
    def queryset():
        from accounts.models import IdentitySubmission, SubmissionStatus

        return IdentitySubmission.objects.filter(
            purpose=purpose,
            status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_REVIEW],
        )

    return queryset


def _sole_accounts():
    from accounts.models import SoleAccountConfirmation, SubmissionStatus

    return SoleAccountConfirmation.objects.filter(status=SubmissionStatus.SUBMITTED)


def _iprs():
    from ipr.models import IPR, IPRStatus

    return IPR.objects.filter(status=IPRStatus.PENDING)


# The statuses of the complaint queue, as in the partial index complaint_review_queue.
def _complaint_statuses() -> list[str]:
    from complaints.models import ComplaintStatus

    return [ComplaintStatus.SUBMITTED, ComplaintStatus.IN_REVIEW]


def _complaints():
    from complaints.models import Complaint

    return Complaint.objects.filter(status__in=_complaint_statuses())


def _complaint_queue_size() -> int:
    from complaints.selectors import status_counts

    counts = status_counts()
    return sum(counts.get(status, 0) for status in _complaint_statuses())


def _complaint_queue_oldest():
    """The oldest complaint waiting, as the first of each priority in the queue's own index
    (complaint_review_queue: priority, submitted_at): MIN(submitted_at) over the queue read the
    whole queue, 3.5 ms at 100,000 complaints and growing with it."""
    from complaints.models import QueuePriority

    firsts = [
        _complaints()
        .filter(priority=priority)
        .order_by("submitted_at", "pk")
        .values_list("submitted_at", flat=True)
        .first()
        for priority in QueuePriority.values
    ]
    return min((at for at in firsts if at is not None), default=None)


def _counter_notices():
    from .models import CounterNotice, CounterNoticeStatus

    return CounterNotice.objects.filter(status=CounterNoticeStatus.MAINTAINED)


QUEUES = [
    Queue(
        name="identity",
        label=_("Identity submissions"),
        queryset=_identity("initial"),
        age_field="submitted_at",
        url=lambda s: reverse("accounts:identity_review", args=[s.pk]),
    ),
    Queue(
        name="profile_changes",
        label=_("Critical profile changes"),
        queryset=_identity("change"),
        age_field="submitted_at",
        url=lambda s: reverse("accounts:identity_review", args=[s.pk]),
    ),
    Queue(
        name="sole_accounts",
        label=_("Sole-account confirmations"),
        queryset=_sole_accounts,
        age_field="submitted_at",
        url=lambda s: reverse("accounts:sole_review", args=[s.pk]),
    ),
    Queue(
        name="iprs",
        label=_("IPR authentications"),
        queryset=_iprs,
        age_field="submitted_at",
        url=lambda i: reverse("ipr:review", args=[i.pk]),
    ),
    Queue(
        name="complaints",
        label=_("Complaints"),
        queryset=_complaints,
        age_field="submitted_at",
        url=lambda c: reverse("reviews:complaint", args=[c.pk]),
        size=_complaint_queue_size,
        oldest=_complaint_queue_oldest,
        # Good-faith notifiers' complaints first, then oldest first: the partial index
        # complaint_review_queue serves this order.
        order_by=("priority", "submitted_at", "pk"),
    ),
    Queue(
        name="counter_notices",
        label=_("Counter-notices awaiting the platform"),
        queryset=_counter_notices,
        age_field="answered_at",
        url=lambda n: reverse("reviews:counter_notice", args=[n.pk]),
    ),
]
