"""The second factor holds for every page and endpoint, not only for the pages that remember to
ask. A signed-in session that must pass it (staff always, others once they turned it on) and has
not (a session from before, or one made without the portal's sign-in) reaches only the
second-factor step and sign-out: pages redirect there, the API answers 403."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .services.second_factor import has_second_factor, second_factor_required

OPEN_URL_NAMES = (
    "accounts:second_factor",
    "accounts:second_factor_setup",
    "accounts:logout",
    "accounts:set_language",
    "healthz",
)


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware, which gives `request.user.is_verified()`."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: frozenset[str] | None = None

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        if self._is_open(request.path_info):
            return self.get_response(request)
        enrolled = has_second_factor(user)
        if not enrolled and not second_factor_required(user):
            return self.get_response(request)
        return self._refuse(request, enrolled)

    def _is_open(self, path: str) -> bool:
        if self._open_paths is None:
            self._open_paths = frozenset(reverse(name) for name in OPEN_URL_NAMES)
        return path in self._open_paths or path.startswith(settings.STATIC_URL)

    @staticmethod
    def _refuse(request, enrolled: bool):
        if request.path_info.startswith("/api/"):
            if enrolled:
                detail, code = (
                    _("Confirm this sign-in with your second factor first."),
                    "second_factor_required",
                )
            else:
                detail, code = (
                    _(
                        "Staff accounts must set up two-step verification. Sign in in a browser "
                        "to set it up."
                    ),
                    "second_factor_enrolment_required",
                )
            return JsonResponse({"detail": detail, "code": code}, status=403)
        step = "accounts:second_factor" if enrolled else "accounts:second_factor_setup"
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(reverse(step) + (f"?{query}" if query else ""))
