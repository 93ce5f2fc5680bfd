from django.conf import settings
from django.db import connection

from .models import Notification

# The bell shows the unread count up to 99, then "99+": counting stops at 100 rows, so the cost is
# the same for an account with a hundred thousand unread notices.
UNREAD_CAP = 100


def portal(request):
    context = {"DEBUG": settings.DEBUG, "PORTAL_NAME": "IPP Portal"}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        unread = unread_count(user.pk)
        context["unread_notifications"] = unread if unread < UNREAD_CAP else f"{UNREAD_CAP - 1}+"
    return context


def unread_count(user_id: int) -> int:
    """The user's unread notifications, counted up to UNREAD_CAP on the (user, read_at, ...)
    index. SQL because every page asks: the ORM spent longer compiling it than PostgreSQL
    spent answering."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {Notification._meta.db_table} "  # noqa: S608
            "WHERE user_id = %s AND read_at IS NULL LIMIT %s) unread",
            [user_id, UNREAD_CAP],
        )
        return cursor.fetchone()[0]
