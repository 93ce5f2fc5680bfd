import email
import email.policy
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import audit
from .audit_actions import CoreAction
from .documents import document_response, page_preview_response
from .errors import DomainError
from .forms import NotificationPreferencesForm, show_domain_error
from .health import background_state, run_checks
from .http import client_ip
from .previews import page_png
from .rate_limits import refusal
from .selectors import access_document
from .selectors import notification_preferences as notification_preferences_of
from .services import mark_all_read, mark_read, set_notification_preferences


def home(request):
    return render(request, "core/home.html")


@require_GET
@never_cache
def healthz(request):
    """200 while the database, broker and storage answer ("degraded" when the worker has been
    silent: work waits in the outbox); 503 when one of the three does not."""
    ok, checks = run_checks()
    background: dict = {}
    if checks["database"] == "ok":
        background = background_state()
    status = "error" if not ok else ("degraded" if background["worker"] != "ok" else "ok")
    return JsonResponse(
        {"status": status, "checks": checks, **background}, status=200 if ok else 503
    )


def rate_limited(request, exception=None):
    """RATELIMIT_VIEW: the 429 names the limit that was hit and when to try again."""
    message, retry_after = refusal(exception)
    if request.path.startswith("/api/"):
        body: dict = {"detail": message, "code": "throttled"}
        if retry_after:
            body["retry_after"] = retry_after
        response = JsonResponse(body, status=429)
    else:
        response = render(request, "core/rate_limited.html", {"message": message}, status=429)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


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


@require_GET
@never_cache
def document(request, pk):
    """Serve a private document to whoever may read it (core.documents.document_response: in a
    sandbox, inline only when a browser shows its type safely); reviewers' reads are audited."""
    from django.contrib.auth.views import redirect_to_login

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    doc = access_document(request.user, pk)
    if getattr(request.user, "is_reviewer", False) and doc.owner_id != request.user.pk:
        audit.record(
            action=CoreAction.DOCUMENT_VIEWED,
            target=doc,
            actor=request.user,
            ip_address=client_ip(request),
            data={"name": doc.original_name},
        )
    return document_response(doc, download=request.GET.get("download") == "1")


@login_required
def notifications(request):
    if request.method == "POST":
        mark_all_read(user=request.user)
        return redirect("notifications")
    items = request.user.notifications.all()[:100]
    return render(request, "core/notifications.html", {"items": items})


@login_required
def notification_preferences(request):
    """Which emails a person gets, per category: immediately, in a daily digest, or off."""
    form = NotificationPreferencesForm(
        request.POST or None, rows=notification_preferences_of(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_notification_preferences(user=request.user, choices=form.choices())
        except DomainError as error:
            show_domain_error(form, error, request)
        else:
            messages.success(request, _("Your email preferences are saved."))
            return redirect("notification_preferences")
    return render(request, "core/notification_preferences.html", {"form": form})


@login_required
@require_POST
def notification_open(request, pk):
    notification = get_object_or_404(request.user.notifications, pk=pk)
    mark_read(notification=notification)
    target = notification.link
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("notifications")
    return redirect(target)


@require_GET
@never_cache
def document_page(request, pk, page: int):
    """One page of a PDF document as an image, for inline review; audited like the document."""
    from django.contrib.auth.views import redirect_to_login

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    doc = access_document(request.user, pk)
    try:
        data = page_png(doc, page)
    except DomainError as exc:
        raise Http404 from exc
    if getattr(request.user, "is_reviewer", False) and doc.owner_id != request.user.pk:
        audit.record(
            action=CoreAction.DOCUMENT_VIEWED,
            target=doc,
            actor=request.user,
            ip_address=client_ip(request),
            data={"name": doc.original_name, "page": page},
        )
    return page_preview_response(data)
