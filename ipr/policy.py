"""IPR sweep and review limits as typed values: defaults here, `settings.IPP` may override."""

from accounts.policy import ipp_setting

SWEEP_BATCH = 5000
REMINDER_DAYS = (30, 7)
REVIEW_TARGET_DAYS = 5


def sweep_batch() -> int:
    return ipp_setting("IPR_SWEEP_BATCH", int, SWEEP_BATCH)


def reminder_days() -> tuple[int, ...]:
    """Days before an expiry on which the owner is reminded, largest first."""
    days = ipp_setting("IPR_REMINDER_DAYS", tuple, REMINDER_DAYS)
    return tuple(sorted((int(d) for d in days), reverse=True))


def review_target_days() -> int:
    return ipp_setting("IPR_REVIEW_TARGET_DAYS", int, REVIEW_TARGET_DAYS)
