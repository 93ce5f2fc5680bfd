"""The one reader of what a client sends back to page through or filter a list: keyset cursors
(a moment and an id), DRF's cursor pagination, enumerated filters.

Strict on purpose: a malformed value answers 400 (`BadQuery`: a DomainError for the API's
exception handler, a BadRequest for Django's 400 page) and never reaches the database, where
PostgreSQL refuses a time-zone offset beyond ±15:59, an integer beyond bigint and a NUL byte, and
where converting a far-off date to UTC can overflow."""

import base64
import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import NoReturn

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination

from .errors import DomainError

BIGINT_MAX = 2**63 - 1
MAX_UTC_OFFSET = timedelta(hours=14)  # the widest real offset (Kiribati)
MAX_CURSOR_CHARS = 256
# What isoformat() writes (and str() of an aware datetime): date, T or space, time, offset.
ISO_MOMENT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?[+-][0-9]{2}:[0-9]{2}"
)


class BadQuery(DomainError, BadRequest):
    """A query parameter (cursor, filter) the portal never produces."""

    code = "bad_query"


class BadCursor(BadQuery):
    code = "bad_cursor"


def _bad_cursor(field: str) -> NoReturn:
    raise BadCursor(
        _("This page link is damaged or out of date. Go back to the first page of the list."),
        field=field,
    )


def parse_moment(value: object, *, field: str = "after") -> datetime:
    """An ISO 8601 date-time with a UTC offset within ±14 hours, returned in UTC. The shape is
    checked first: datetime.fromisoformat reads much more (week dates, a stray character)."""
    if not isinstance(value, str) or not ISO_MOMENT.fullmatch(value):
        _bad_cursor(field)
    try:
        moment = datetime.fromisoformat(value)
        offset = moment.utcoffset()
        if offset is None or abs(offset) > MAX_UTC_OFFSET:
            _bad_cursor(field)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        _bad_cursor(field)


def parse_id(value: object, *, field: str = "after") -> int:
    """A JSON integer (not a boolean, float or string) that fits PostgreSQL's bigint."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= BIGINT_MAX:
        _bad_cursor(field)
    return value


def encode_keyset(moment: datetime, pk: int) -> str:
    """The cursor of the row after which the next page starts (what `decode_keyset` reads)."""
    raw = json.dumps([moment.isoformat(), pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _no_constant(name: str) -> NoReturn:
    raise ValueError(name)  # NaN and Infinity are not JSON


def decode_keyset(cursor: str, *, field: str = "after") -> tuple[datetime, int]:
    """(moment, id) from `encode_keyset`'s cursor; BadCursor for anything else."""
    if len(cursor) > MAX_CURSOR_CHARS:
        _bad_cursor(field)
    try:
        raw = base64.urlsafe_b64decode(cursor.encode("ascii"))
        value = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (ValueError, RecursionError):  # binascii, Unicode and JSON errors are ValueErrors
        _bad_cursor(field)
    if not isinstance(value, list) or len(value) != 2:
        _bad_cursor(field)
    return parse_moment(value[0], field=field), parse_id(value[1], field=field)


def keyset_param(params: Mapping[str, str], name: str = "after") -> tuple[datetime, int] | None:
    """The decoded `?after=` of a request's query (None when absent or empty)."""
    value = params.get(name) or ""
    return decode_keyset(value, field=name) if value else None


def checked_choice(value: str, *, name: str, allowed: Iterable[str]) -> str:
    """An enumerated filter's value: "" or one of `allowed`; BadQuery for anything else."""
    allowed = list(allowed)
    if value and value not in allowed:
        raise BadQuery(
            _("“%(value)s” is not a valid value for %(name)s; use one of: %(allowed)s.")
            % {"value": value[:40], "name": name, "allowed": ", ".join(allowed)},
            code="bad_filter",
            field=name,
        )
    return value


class MomentCursorPagination(CursorPagination):
    """DRF's cursor pagination for lists ordered first by a date-time: a damaged cursor answers
    400 with the portal's error body (DRF's own answer is a 404, and a position that is not a
    date-time would reach the database and fail there)."""

    def decode_cursor(self, request) -> Cursor | None:
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            _bad_cursor(self.cursor_query_param)
        if cursor is not None and cursor.position is not None:
            parse_moment(cursor.position, field=self.cursor_query_param)
        return cursor
