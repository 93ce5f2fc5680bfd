"""Edge guards. PostgreSQL refuses NUL bytes in text that SQLite accepts, and no legitimate form
field contains one, so a request carrying one is refused before it reaches a form or the ORM.
Private answers are kept out of caches."""

import json

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

NUL_MESSAGE = "The request contains a NUL character (\\x00), which is never valid input."
DEEP_MESSAGE = "The JSON body is nested too deeply to be read."


class _JsonTooDeep(Exception):
    """json.loads hit the recursion limit; DRF's parser would crash the same way (a 500)."""


def _has_nul(querydict) -> bool:
    for key, values in querydict.lists():
        if "\x00" in key or any(isinstance(v, str) and "\x00" in v for v in values):
            return True
    return False


class RejectNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            carries_nul = self._carries_nul(request)
        except _JsonTooDeep:
            return JsonResponse({"detail": _(DEEP_MESSAGE), "code": "json_too_deep"}, status=400)
        if carries_nul:
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _(NUL_MESSAGE), "code": "nul_byte"}, status=400)
            return render(request, "core/bad_input.html", {"message": _(NUL_MESSAGE)}, status=400)
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request) -> bool:
        if "\x00" in request.path or _has_nul(request.GET):
            return True
        if request.method not in ("POST", "PUT", "PATCH"):
            return False
        content_type = request.content_type or ""
        if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            return _has_nul(request.POST)
        if content_type == "application/json":
            try:
                body = request.body
            except Exception:  # noqa: BLE001 - oversized bodies are refused by Django later
                return False
            return b"\x00" in body or _json_has_nul(body)
        return False


def _json_has_nul(body: bytes) -> bool:
    """JSON carries a NUL escaped as \\u0000, so look inside the decoded strings (and keys);
    json.dumps would escape it again, whatever ensure_ascii says."""
    try:
        stack = [json.loads(body or b"null")]
    except ValueError:  # malformed: DRF answers 400 with the parse error
        return False
    except RecursionError as exc:
        raise _JsonTooDeep from exc
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


class PrivateNoStoreMiddleware:
    """`Cache-Control: private, no-store` on every answer that may carry someone's data, so that
    neither a shared cache nor the browser's back/forward and disk caches keep it after sign-out.
    Private means: any /api/ answer (a token-authenticated caller is invisible here, and the API's
    few public answers are cheap to make again), and any answer to a request with a session (a
    signed-in user, or a visitor part-way through registration, a password reset or a device
    unlock). Public pages for a visitor without a session (home, sign-in, the agreement, the DMCA
    form) keep the default caching. Documents and page previews set it themselves too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def is_private(request) -> bool:
    session = getattr(request, "session", None)
    return request.path.startswith("/api/") or (session is not None and not session.is_empty())


class UserTimeZoneMiddleware:
    """Shows every time in the viewer's zone: the account's own (`time_zone`), else the portal's
    default (core.timezones). Put after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import timezone

        from .timezones import zone_for

        user = getattr(request, "user", None)
        name = getattr(user, "time_zone", "") if user is not None and user.is_authenticated else ""
        timezone.activate(zone_for(name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
