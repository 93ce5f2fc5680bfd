import email
import email.policy
from pathlib import Path

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import run_checks


def home(request):
    return render(request, "core/home.html")


@require_GET
@never_cache
def healthz(request):
    ok, checks = run_checks()
    return JsonResponse(
        {"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503
    )


def rate_limited(request, exception=None):
    message = _("Too many attempts. Please wait a few minutes and try again.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "throttled"}, status=429)
    return render(request, "core/rate_limited.html", {"message": message}, status=429)


def _mailbox_dir() -> Path:
    return Path(settings.EMAIL_FILE_PATH)


def _read_messages(limit: int = 50) -> list[dict]:
    folder = _mailbox_dir()
    if not folder.is_dir():
        return []
    messages = []
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True)[:limit]:
        for chunk in path.read_text(errors="replace").split("-" * 79):
            if not chunk.strip():
                continue
            msg = email.message_from_string(chunk.strip(), policy=email.policy.default)
            body = msg.get_body(preferencelist=("plain",))
            messages.append(
                {
                    "to": msg["To"],
                    "subject": msg["Subject"],
                    "date": msg["Date"],
                    "body": body.get_content() if body else "",
                }
            )
    return messages


@never_cache
def dev_mailbox(request):
    """Emails the local run 'sent' (file backend). Exists only with DEBUG on."""
    if not settings.DEBUG:
        raise Http404
    return render(request, "core/dev_mailbox.html", {"messages_list": _read_messages()})
