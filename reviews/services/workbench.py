"""Claiming from the workbench."""

from accounts.models import User
from core import claims
from core.errors import TransitionError

CLAIM_ATTEMPTS = 3


def claim_next_item(*, queue_name: str, reviewer: User):
    """`core.claims.claim_next`, retried when it lost a race: under READ COMMITTED a statement can
    still see an item as unclaimed after another reviewer's claim committed and its row lock went
    away; the unique active-claim constraint refuses the duplicate and we simply take the next."""
    for attempt in range(CLAIM_ATTEMPTS):
        try:
            return claims.claim_next(queue_name=queue_name, reviewer=reviewer)
        except TransitionError as error:
            if error.code != "claimed_by_other" or attempt == CLAIM_ATTEMPTS - 1:
                raise
    return None
