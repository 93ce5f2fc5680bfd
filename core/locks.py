"""Named, transaction-scoped locks for invariants no single row carries (for example "one open
complaint per owner and listing", checked by a read and then written)."""

import hashlib

from django.db import connection


def hold(name: str) -> None:
    """Hold the lock `name` until the current transaction ends. On PostgreSQL this is an advisory
    lock; SQLite runs one writing transaction at a time (IMMEDIATE mode), which serializes the
    same sections already. Must be called inside `transaction.atomic`."""
    if connection.vendor != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
