from django.conf import settings


def portal(request):
    return {"DEBUG": settings.DEBUG, "PORTAL_NAME": "IPP Portal"}
