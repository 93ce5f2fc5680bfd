"""The appeal window (DSA Art. 20: at least six months after the decision). The value is a
setting, IPP["APPEAL_WINDOW_DAYS"]."""

from datetime import timedelta
from typing import cast

from django.conf import settings

DEFAULT_WINDOW_DAYS = 183


def appeal_window() -> timedelta:
    days = cast(int, settings.IPP.get("APPEAL_WINDOW_DAYS", DEFAULT_WINDOW_DAYS))
    return timedelta(days=int(days))
