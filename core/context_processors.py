from django.conf import settings

# The bell shows the unread count up to 99, then "99+": counting stops at 100 rows, so the cost is
# the same for an account with a hundred thousand unread notices.
UNREAD_CAP = 100


def portal(request):
    context = {"DEBUG": settings.DEBUG, "PORTAL_NAME": "IPP Portal"}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True)[:UNREAD_CAP].count()
        context["unread_notifications"] = unread if unread < UNREAD_CAP else f"{UNREAD_CAP - 1}+"
    return context
