"""The reviewers' appeal queue, registered with core.claims in AppealsConfig.ready()."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.claims import Queue

QUEUE_NAME = "appeals"


def _open_appeals():
    from .models import OPEN_APPEAL_STATUSES, Appeal

    return Appeal.objects.filter(status__in=OPEN_APPEAL_STATUSES)


def not_own_decision(reviewer) -> Q:
    """A reviewer never takes an appeal against a decision they took themselves."""
    return Q(first_decider__isnull=True) | ~Q(first_decider=reviewer)


APPEAL_QUEUE = Queue(
    name=QUEUE_NAME,
    label=_("Appeals to a second reviewer"),
    queryset=_open_appeals,
    age_field="submitted_at",
    url=lambda a: reverse("appeals:review", args=[a.pk]),
    claim_filter=not_own_decision,
)
