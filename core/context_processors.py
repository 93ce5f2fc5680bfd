from django.conf import settings


def portal(request):
    context = {"DEBUG": settings.DEBUG, "PORTAL_NAME": "IPP Portal"}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["unread_notifications"] = user.notifications.filter(read_at__isnull=True).count()
    return context
