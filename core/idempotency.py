"""Once means once: the `Idempotency-Key` header on API creates, one-time tokens on page forms.

API (IETF draft "The Idempotency-Key HTTP Header Field"): a client may send
`Idempotency-Key: <up to 255 characters>` with a POST to a view using `IdempotentCreate`. The
first request with a key inserts an `IdempotencyRecord` (scope: the user, or "anonymous") holding
a fingerprint of the request (method, path, hash of the body) and then runs; its response is
stored if it is a 2xx or a 4xx answer of the portal's rules. A repeat with the same fingerprint
gets the stored response back (`Idempotent-Replayed: true`) and runs nothing; a repeat with
another body is refused (422 `idempotency_key_reused`); a repeat while the first still runs is
refused (409 `idempotency_key_in_use`, with Retry-After). A 5xx, an unhandled error or a
"try again" 4xx (408, 425, 429) deletes the record, so a retry runs afresh.

Pages: `{% form_once %}` (core/templatetags/once.py) puts a one-time token in the form and in the
session; `@form_once` on the view claims the token the same way before the view runs. A token
whose first POST ended in a redirect sends a repeat to that redirect with a message; any other
outcome (the form shown again with its errors) gives the token back for the next attempt.

The promise rests on one thing: the unique (scope, key) insert, committed before the work
starts. Of two identical requests at the same instant exactly one inserts; the other sees its row.
"""

import contextlib
import hashlib
import json
import logging
import re
import secrets
import time
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.response import Response

from .models import IdempotencyRecord
from .openapi import PortalSchema

log = logging.getLogger(__name__)

KEY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
KEEP_FOR = timedelta(hours=24)
# A record still without a response after this long belongs to a request that died (a worker
# killed mid-request): it no longer blocks the key. Far above any request's time limit.
ABANDONED_AFTER = timedelta(minutes=10)
RETRY_AFTER_SECONDS = 2
STORED_HEADERS = ("Location", "Content-Type")
# 4xx answers that mean "not now" rather than "no": never replayed.
TRANSIENT_STATUSES = frozenset({408, 425, 429})

FORM_SCOPE = "form"
FORM_FIELD = "form_once"
SESSION_KEY = "form_once_tokens"
SESSION_TOKENS_KEPT = 20
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


# --- the record ------------------------------------------------------------------------------
def claim(*, scope: str, key: str, fingerprint: str) -> tuple[IdempotencyRecord | None, bool]:
    """Insert the record for (scope, key) and own it (`(record, True)`), or return the record
    another request holds (`(record, False)`). `(None, False)`: the key kept changing hands."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    scope=scope, key=key, fingerprint=fingerprint
                )
            return record, True
        except IntegrityError:
            existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
            if existing is None:
                continue  # released between our insert and our read: try again
            if _expired(existing):
                IdempotencyRecord.objects.filter(
                    pk=existing.pk, created_at=existing.created_at
                ).delete()
                continue
            return existing, False
    return None, False


def _expired(record: IdempotencyRecord) -> bool:
    age = timezone.now() - record.created_at
    return age > KEEP_FOR or (record.completed_at is None and age > ABANDONED_AFTER)


def release(record: IdempotencyRecord) -> None:
    """Give the key back: the next request with it runs as if it were the first. Best effort:
    with the database gone the key stays claimed until it counts as abandoned."""
    try:
        IdempotencyRecord.objects.filter(pk=record.pk, completed_at__isnull=True).delete()
    except DatabaseError as exc:
        log.warning("idempotency: could not release key %s: %s", record.pk, exc)


def complete(record: IdempotencyRecord, *, status: int, headers: dict, body: bytes) -> None:
    """Store the answer for replay. Runs after the work committed, so a database that fails now
    must not turn the real answer (a 201, say) into an error: the client gets it anyway."""
    try:
        # An update, not save(): a row taken over as abandoned is simply not there any more.
        IdempotencyRecord.objects.filter(pk=record.pk).update(
            status_code=status, headers=headers, body=body, completed_at=timezone.now()
        )
    except DatabaseError as exc:
        log.warning("idempotency: could not store the answer for key %s: %s", record.pk, exc)


def purge(now=None) -> int:
    """Forget keys older than a day (the periodic task)."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    deleted, _types = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# --- API -------------------------------------------------------------------------------------
def fingerprint(request: HttpRequest) -> str:
    """Method, path and a hash of the body: the raw bytes, or for multipart every field and every
    file's bytes. Multipart is read parsed because Django has usually parsed it already (the NUL
    guard middleware reads request.POST), and because its random boundary changes with each
    attempt a client builds: a retry of the same upload must match."""
    digest = hashlib.sha256()
    for part in (request.method or "", request.path):
        digest.update(part.encode())
        digest.update(b"\0")
    if (request.content_type or "").startswith("multipart/"):
        _hash_multipart(digest, request)
    else:
        digest.update(hashlib.sha256(request.body).digest())
    return digest.hexdigest()


def _hash_multipart(digest, request: HttpRequest) -> None:
    for name, values in sorted(request.POST.lists()):
        digest.update(json.dumps(["field", name, values]).encode())
    for name, uploads in sorted(request.FILES.lists()):
        for upload in uploads:
            content = hashlib.sha256()
            for chunk in upload.chunks():
                content.update(chunk)
            upload.seek(0)
            entry = ["file", name, upload.name, upload.content_type, content.hexdigest()]
            digest.update(json.dumps(entry).encode())


def api_scope(user) -> str:
    return f"user:{user.pk}" if user is not None and user.is_authenticated else "anonymous"


def parse_key(raw: str) -> str:
    """The header's value; the draft's sf-string form ("...") is accepted too."""
    key = raw.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable() or not key.isascii():
        raise _Answer(
            _problem(
                400,
                "idempotency_key_invalid",
                _("The Idempotency-Key header must be 1 to 255 printable ASCII characters."),
            )
        )
    return key


def _problem(status: int, code: str, detail: str) -> Response:
    return Response({"code": code, "detail": detail}, status=status)


def replay(record: IdempotencyRecord) -> HttpResponse:
    headers = dict(record.headers)
    response = HttpResponse(
        bytes(record.body),
        status=record.status_code,
        content_type=headers.pop("Content-Type", None),
    )
    for name, value in headers.items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    return response


def begin(request: HttpRequest, user, raw_key: str) -> IdempotencyRecord:
    """Claim the key for this request, or raise `_Answer` with what to send instead."""
    key = parse_key(raw_key)
    try:
        request_print = fingerprint(request)
    except RequestDataTooBig as error:
        raise exceptions.ParseError(str(error)) from error
    record, ours = claim(scope=api_scope(user), key=key, fingerprint=request_print)
    if ours and record is not None:
        return record
    if record is not None and record.fingerprint != request_print:
        raise _Answer(
            _problem(
                422,
                "idempotency_key_reused",
                _("This Idempotency-Key was already used for a different request."),
            )
        )
    if record is not None and record.completed_at is not None:
        raise _Answer(replay(record))
    busy = _problem(
        409,
        "idempotency_key_in_use",
        _("A request with this Idempotency-Key is still being processed; retry shortly."),
    )
    busy["Retry-After"] = str(RETRY_AFTER_SECONDS)
    raise _Answer(busy)


def finish(record: IdempotencyRecord, response: HttpResponse) -> None:
    """Store a definitive answer for replay; give the key back after anything else."""
    if not (200 <= response.status_code < 500) or response.status_code in TRANSIENT_STATUSES:
        release(record)
        return
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    headers = {h: response[h] for h in STORED_HEADERS if response.has_header(h)}
    complete(record, status=response.status_code, headers=headers, body=response.content)


class _Answer(exceptions.APIException):
    """Carries the response that replaces running the view (a replay or a refusal)."""

    def __init__(self, response: HttpResponse):
        super().__init__()
        self.response = response


class IdempotentSchema(PortalSchema):
    def error_statuses(self) -> list[str]:
        statuses = super().error_statuses()
        return [*statuses, "422"] if self.method == "POST" else statuses

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method != "POST":
            return parameters
        return [
            *parameters,
            OpenApiParameter(
                KEY_HEADER,
                str,
                OpenApiParameter.HEADER,
                required=False,
                description=(
                    "Optional, up to 255 characters (a UUID is ideal). The first request with a "
                    "key is processed and its response kept for 24 hours; a repeat with the same "
                    "body gets that response again (header `Idempotent-Replayed: true`) and "
                    "creates nothing. Same key with another body: 422 `idempotency_key_reused`; "
                    "while the first is still running: 409 `idempotency_key_in_use` with "
                    "Retry-After. Keys are per user (anonymous callers share one scope)."
                ),
            ),
        ]


class IdempotentCreate:
    """DRF view mixin: its POST honours `Idempotency-Key` (see the module docstring). Put it
    first in the bases: `class ThingCreate(IdempotentCreate, APIView)`."""

    schema = IdempotentSchema()
    _idempotency: IdempotencyRecord | None = None

    def dispatch(self, request, *args, **kwargs):
        self._idempotency = None
        multipart = (request.content_type or "").startswith("multipart/")
        if request.method == "POST" and KEY_HEADER in request.headers and not multipart:
            # Keep the raw bytes before DRF's parsers consume the stream. Too big: refused as a
            # 400 by begin(), once DRF's error handling is in place.
            with contextlib.suppress(RequestDataTooBig):
                request.body  # noqa: B018
        try:
            response = super().dispatch(request, *args, **kwargs)
        except BaseException:
            if self._idempotency is not None:
                release(self._idempotency)
            raise
        if self._idempotency is not None:
            finish(self._idempotency, response)
        return response

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authenticated, permitted, not throttled
        raw_key = request.headers.get(KEY_HEADER)
        if request.method == "POST" and raw_key is not None:
            self._idempotency = begin(request._request, request.user, raw_key)

    def handle_exception(self, exc):
        if isinstance(exc, _Answer):
            return exc.response
        return super().handle_exception(exc)


# --- pages -----------------------------------------------------------------------------------
def issue_form_token(request: HttpRequest) -> str:
    """The token for a form being rendered: the one just posted if the form is shown again
    (it was given back), else a new one. Kept in the session until used."""
    tokens = list(request.session.get(SESSION_KEY, []))
    posted = request.POST.get(FORM_FIELD, "") if request.method == "POST" else ""
    if posted and posted in tokens:
        return posted
    token = secrets.token_urlsafe(32)
    request.session[SESSION_KEY] = [*tokens, token][-SESSION_TOKENS_KEPT:]
    return token


def _forget_form_token(request: HttpRequest, token: str) -> None:
    tokens = request.session.get(SESSION_KEY, [])
    if token in tokens:
        request.session[SESSION_KEY] = [t for t in tokens if t != token]


def form_once(view):
    """On POST, claim the form's one-time token before the view runs (see module docstring).
    A form posted without a token runs as before. Put it next to the view, under login and
    rate-limit decorators, so their redirects and refusals are not taken for the result."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        token = request.POST.get(FORM_FIELD, "") if request.method == "POST" else ""
        if not _TOKEN.match(token):
            return view(request, *args, **kwargs)
        deadline = time.monotonic() + getattr(settings, "FORM_ONCE_WAIT_SECONDS", 3)
        for _attempt in range(3):
            record, ours = claim(scope=FORM_SCOPE, key=token, fingerprint="")
            if ours and record is not None:
                return _run_once(record, token, view, request, *args, **kwargs)
            record = _wait_for(record, deadline)
            if record is None:
                continue  # the first attempt gave the token back: this one runs
            if record.completed_at is not None:
                messages.info(request, _("This form was already sent; here is the result."))
                return redirect(record.headers["Location"])
            break
        response = render(request, "core/form_in_flight.html", status=409)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    return wrapper


def _run_once(record, token, view, request, *args, **kwargs):
    try:
        response = view(request, *args, **kwargs)
    except BaseException:
        release(record)
        raise
    if 300 <= response.status_code < 400 and response.has_header("Location"):
        complete(
            record,
            status=response.status_code,
            headers={"Location": response["Location"]},
            body=b"",
        )
        _forget_form_token(request, token)
    else:
        release(record)  # shown again (errors): the same token may be sent again
    return response


def _wait_for(record: IdempotencyRecord | None, deadline: float) -> IdempotencyRecord | None:
    """A double click's second request waits a moment for the first to finish, so the person
    lands on the result rather than on a "still sending" page."""
    while record is not None and record.completed_at is None and time.monotonic() < deadline:
        time.sleep(0.1)
        record = IdempotencyRecord.objects.filter(pk=record.pk).first()
    return record
