"""Complaint filing limits as typed values: defaults here, `settings.IPP` may override."""

from accounts.policy import ipp_setting

# URLs the worker checks in one transaction: a whole complaint (at most 200 URLs, the FAQ's
# limit) is one batch, so its validation is a fixed handful of statements.
VALIDATION_BATCH = 200
# Complaint POSTs (filing and drafts) per API client account: an agency files in bulk.
FILING_RATE = "1200/minute"
# The public URL check, per client address (it needs no account).
URL_CHECK_RATE = "120/m"


def validation_batch() -> int:
    return ipp_setting("COMPLAINT_VALIDATION_BATCH", int, VALIDATION_BATCH)


def filing_rate() -> str:
    return ipp_setting("COMPLAINT_FILING_RATE", str, FILING_RATE)


def url_check_rate() -> str:
    return ipp_setting("URL_CHECK_RATE_PER_IP", str, URL_CHECK_RATE)
