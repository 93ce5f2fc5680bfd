"""The list-page bench's data, built with INSERT ... SELECT generate_series in a minute or two.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ipp_bench_list .venv/bin/python \
        bench/dataset.py --complaints 100000

One rights owner with --complaints complaints of 10 URLs each (1,000,000 URLs for 100,000), in
the mix of statuses a working portal has (a fifth waiting for review, most decided), about one IPR
per 50 complaints, one notification per complaint, a seller account whose store is named in 1% of
the URLs, reviewers holding 20 claims. Everything a list shows grows with --complaints, so the
same pages on a 1,000-complaint database are the baseline.

The database is reused while its migrations and this file's DATASET_VERSION are unchanged (their
hash is kept in the `bench_dataset` table); otherwise it is dropped, re-created and rebuilt."""

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipp.settings_local")

DATASET_VERSION = 5
URLS_PER_COMPLAINT = 10
STORES = 100
SELLER_SHARE = 10  # the seller account's store is named in one URL in SELLER_SHARE
# At either scale the owner has at least a full IPR filter (200) and the seller a full API page
# of URLs (200), so that both databases show pages of the same size.
IPR_PAGE = 200
CLAIMS = 20
OWNER = "bench-owner@example.com"
REVIEWER = "bench-reviewer@example.com"
SELLER = "bench-seller@example.com"
# Complaint status by g mod 20: a fifth waiting for review, most decided, a few of each other.
STATUS_CASE = """CASE
  WHEN mod(g, 20) < 4 THEN 'submitted' WHEN mod(g, 20) = 4 THEN 'in_review'
  WHEN mod(g, 20) < 9 THEN 'processed' WHEN mod(g, 20) < 17 THEN 'closed'
  WHEN mod(g, 20) = 17 THEN 'withdrawn' WHEN mod(g, 20) = 18 THEN 'invalid' ELSE 'draft' END"""


def _server_url(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{dbname}"))


def recreate_database(url: str) -> None:
    """Drop and create the database `url` names (it must be a bench database)."""
    import psycopg2

    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: a bench database's name contains 'bench'")
    conn = psycopg2.connect(_server_url(url, "postgres"))
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def dataset_key(n_complaints: int) -> str:
    from django.db.migrations.loader import MigrationLoader

    names = sorted(f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations)
    raw = "\n".join([*names, f"v{DATASET_VERSION}", f"n{n_complaints}"])
    return hashlib.sha256(raw.encode()).hexdigest()


def stored_key() -> str | None:
    from django.db import connection
    from django.db.utils import DatabaseError

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT value FROM bench_dataset WHERE key = 'schema'")
            row = cursor.fetchone()
    except DatabaseError:
        return None
    return row[0] if row else None


def store_key(key: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_dataset (key text PRIMARY KEY, value text)"
        )
        cursor.execute(
            "INSERT INTO bench_dataset VALUES ('schema', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [key],
        )


# --- INSERT ... SELECT with every column the model has ------------------------------------------
def insert_select(model, exprs: dict[str, str], source: str) -> int:
    """INSERT INTO the model's table one row per row of `source` (SQL after FROM): columns named
    in `exprs` get that SQL expression, the others the field's default, so the script keeps
    working as models grow. `exprs` and `source` must not contain a percent sign."""
    from django.db import connection
    from django.utils import timezone

    columns, values, params = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.attname not in exprs:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.attname in exprs:
            values.append(exprs[field.attname])
            continue
        values.append("%s")
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = timezone.now()
        elif field.has_default():
            value = field.get_default()
        else:
            value = None if field.null else ""
        params.append(field.get_db_prep_save(value, connection))
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


# --- the data -----------------------------------------------------------------------------------
def _people():
    from django_otp.plugins.otp_static.models import StaticDevice

    from accounts.models import IdentityStatus, Role, User

    owner = User.objects.create(
        email=OWNER,
        role=Role.RIGHTS_OWNER,
        identity_status=IdentityStatus.APPROVED,
        complainant_name="Bench Brand Co",
    )
    reviewers = [
        User.objects.create(
            email=REVIEWER if i == 0 else f"bench-rev{i}@example.com", role="reviewer"
        )
        for i in range(6)
    ]
    for reviewer in reviewers:
        StaticDevice.objects.create(user=reviewer, name="bench session")
    seller = User.objects.create(email=SELLER, role=Role.SELLER)
    return owner, reviewers, seller


def _iprs(owner, count: int) -> None:
    import datetime

    from ipr.models import IPR

    today = datetime.date.today()
    IPR.objects.bulk_create(
        [
            IPR(
                owner=owner,
                kind="trademark",
                status="authenticated" if i % 10 else "pending",
                right_owner_name="Bench Brand Co",
                mark_word=f"BENCH{i}",
                number=f"B-{i}",
                jurisdiction="EU",
                nice_classes=[25],
                registered_on=today.replace(year=2020),
                expires_on=today.replace(year=2034),
            )
            for i in range(count)
        ],
        batch_size=1000,
    )


def _catalogue(seller, n_listings: int) -> None:
    from catalogue.models import Listing, Seller

    Seller.objects.bulk_create(
        [
            Seller(
                platform="taobao",
                store_id=f"bench-{i}",
                store_name=f"Bench store {i}",
                account=seller if i == 0 else None,
            )
            for i in range(STORES)
        ]
    )
    insert_select(
        Listing,
        {
            "platform": "'taobao'",
            "listing_id": "'9' || lpad(g::text, 11, '0')",
            "title": "'Bench listing ' || g",
            "seller_id": f"(SELECT min(id) FROM complaints_seller) + {_store('g')}",
            "category": "'apparel'",
            "status": "'live'",
            "url": "'https://item.taobao.com/item.htm?id=9' || lpad(g::text, 11, '0')",
        },
        f"generate_series(0, {n_listings - 1}) g",
    )


def _store(listing: str) -> str:
    """The store of a listing (0: the seller account's)."""
    others = f"1 + mod({listing}, {STORES - 1})"
    return f"CASE WHEN mod({listing}, {SELLER_SHARE}) = 0 THEN 0 ELSE {others} END"


def _complaints(owner, n: int) -> None:
    from complaints.models import Complaint

    moment = f"now() - interval '5 minutes' * ({n} - g)"
    insert_select(
        Complaint,
        {
            "complainant_id": str(owner.pk),
            "platform": "'taobao'",
            "ipr_id": "(SELECT min(id) FROM ipr_ipr)",
            "reason": "'counterfeit'",
            "source": "'api'",
            "status": STATUS_CASE,
            "url_count": str(URLS_PER_COMPLAINT),
            "processed_count": str(URLS_PER_COMPLAINT),
            "valid_count": str(URLS_PER_COMPLAINT),
            "created_at": moment,
            "submitted_at": f"CASE WHEN mod(g, 20) = 19 THEN NULL ELSE {moment} END",
        },
        f"generate_series(1, {n}) g",
    )


def _items(reviewer, n_listings: int) -> None:
    from complaints.models import ComplaintItem

    listing = f"mod(c.id * {URLS_PER_COMPLAINT} + line, {n_listings})"
    decided = "c.status IN ('processed', 'closed')"
    status = f"""CASE WHEN {decided} THEN (CASE WHEN mod(line, 2) = 0 THEN 'accepted'
        ELSE 'rejected' END) WHEN c.status = 'withdrawn' THEN 'withdrawn'
        WHEN c.status = 'invalid' THEN 'invalid' WHEN c.status = 'draft' THEN 'pending'
        ELSE 'valid' END"""
    insert_select(
        ComplaintItem,
        {
            "complaint_id": "c.id",
            "line": "line",
            "url": f"'https://item.taobao.com/item.htm?id=9' || lpad(({listing})::text, 11, '0')",
            "platform": "'taobao'",
            "listing_id": f"'9' || lpad(({listing})::text, 11, '0')",
            "status": status,
            "catalogue_listing_id": f"l0.id + {listing}",
            "seller_id": f"s0.id + {_store(listing)}",
            "checked_at": "c.created_at",
            "decided_at": f"CASE WHEN {decided} THEN c.created_at + interval '1 day' END",
            "decided_by_id": f"CASE WHEN {decided} THEN {reviewer.pk} END",
        },
        "complaints_complaint c CROSS JOIN generate_series(1, "
        f"{URLS_PER_COMPLAINT}) line, (SELECT min(id) AS id FROM complaints_listing) l0, "
        "(SELECT min(id) AS id FROM complaints_seller) s0",
    )


def _notifications(owner, n: int) -> None:
    from core.models import Notification

    insert_select(
        Notification,
        {
            "user_id": str(owner.pk),
            "kind": "'complaint_validated'",
            "title": "'Complaint #' || g || ' checked'",
            "link": "'/complaints/' || g || '/'",
            "created_at": f"now() - interval '5 minutes' * ({n} - g)",
            "read_at": "CASE WHEN mod(g, 20) = 0 THEN NULL ELSE now() END",
        },
        f"generate_series(1, {n}) g",
    )


def _claims(reviewers) -> None:
    from complaints.models import Complaint, ComplaintStatus
    from core.models import Claim

    oldest = Complaint.objects.filter(
        status__in=[ComplaintStatus.SUBMITTED, ComplaintStatus.IN_REVIEW]
    ).order_by("submitted_at", "id")[: CLAIMS * 3 : 3]
    Claim.objects.bulk_create(
        [
            Claim(queue="complaints", object_id=str(c.pk), reviewer=reviewers[1 + i % 5])
            for i, c in enumerate(oldest)
        ]
    )


def _fold_tallies() -> None:
    """The triggers counted every generated complaint: fold those rows as the minute task does."""
    try:
        from core.tallies import compact_all
    except ImportError:  # a schema from before the maintained counts
        return
    while compact_all():
        pass


def build(n: int) -> None:
    from django.db import connection, transaction

    n_listings = max(500, n // 2)
    started = time.perf_counter()
    with transaction.atomic():
        owner, reviewers, seller = _people()
        _iprs(owner, max(IPR_PAGE, n // 50))
        _catalogue(seller, n_listings)
        _complaints(owner, n)
        _items(reviewers[0], n_listings)
        _notifications(owner, n)
        _claims(reviewers)
    _fold_tallies()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  built {n:,} complaints in {time.perf_counter() - started:.0f} s", flush=True)


def ensure(n: int) -> bool:
    """Build the data set unless the database already holds this one; True when rebuilt."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("The bench needs PostgreSQL: set DATABASE_URL.")
    key = dataset_key(n)
    if stored_key() == key:
        return False
    connection.close()
    recreate_database(os.environ["DATABASE_URL"])
    call_command("migrate", verbosity=0)
    build(n)
    store_key(key)
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=100_000)
    args = parser.parse_args()
    rebuilt = ensure(args.complaints)
    print(f"{args.complaints:,} complaints: {'built' if rebuilt else 'reused'}", flush=True)


if __name__ == "__main__":
    main()
