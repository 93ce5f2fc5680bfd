"""Complaint filing and Manage Complaints at scale, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ipp_bench .venv/bin/python bench/complaints.py \
        [--complaints 100000] [--urls-per-complaint 10] [--runs 30]

Generates (once; reused on later runs) one agency account with an authenticated trademark,
a catalogue of listings, and --complaints complaints of --urls-per-complaint URLs each (1,000,000
URLs by default) with COPY, then prints median and p95 times for: filing a 200-URL complaint,
validating it (the worker's service, run inline), and the Manage Complaints page (first page, a
deep keyset page, a platform filter and a listing-id search)."""

import argparse
import io
import itertools
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipp.settings")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

PLATFORMS = ["taobao", "tmall", "aliexpress", "alibaba", "1688"]


def timed(fn, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return statistics.median(samples), p95


def _cell(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (list, dict)):
        value = json.dumps(value)
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def copy_model(model, rows) -> None:
    """COPY rows (dicts keyed by attname) into the model's table; unnamed columns get the
    field's default, so the script keeps working as models grow."""
    now = timezone.now()
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    fields = [
        f for f in model._meta.concrete_fields if not (f.primary_key and f.attname not in first)
    ]

    def default(field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return now
        if field.has_default():
            return field.get_default()
        return None if field.null else ""

    defaults = {f.attname: default(f) for f in fields}
    buf = io.StringIO()
    for row in itertools.chain([first], rows):
        buf.write("\t".join(_cell(row.get(f.attname, defaults[f.attname])) for f in fields))
        buf.write("\n")
    buf.seek(0)
    columns = ", ".join(f'"{f.column}"' for f in fields)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {model._meta.db_table} ({columns}) FROM STDIN", buf)


def ensure_data(n_complaints: int, per: int):
    from accounts.models import IdentityStatus, User
    from catalogue.models import Listing, Seller
    from complaints.models import Complaint
    from ipr.models import IPR

    user, _ = User.objects.get_or_create(
        email="bench-agency@example.com",
        defaults={"identity_status": IdentityStatus.APPROVED, "complainant_name": "Bench Co"},
    )
    ipr = IPR.objects.filter(owner=user).first()
    if ipr is None:
        today = timezone.localdate()
        ipr = IPR.objects.create(
            owner=user,
            kind="trademark",
            status="authenticated",
            right_owner_name="Bench Co",
            mark_word="BENCH",
            number="B-1",
            jurisdiction="EU",
            nice_classes=[25],
            registered_on=today.replace(year=2020),
            expires_on=today.replace(year=2034),
        )
    n_listings = 50_000
    if Listing.objects.count() < n_listings:
        sellers = [
            Seller.objects.get_or_create(
                platform=p, store_id=f"bench-{p}-{i}", defaults={"store_name": f"Bench {p} {i}"}
            )[0]
            for p in PLATFORMS
            for i in range(20)
        ]
        copy_model(
            Listing,
            (
                {
                    "platform": "taobao" if n < 2000 else s.platform,
                    "listing_id": f"9{n:011d}",
                    "title": f"Bench listing {n}",
                    "seller_id": s.pk,
                    "category": "apparel",
                    "status": "live",
                    "url": f"https://example.invalid/{n}",
                }
                for n, s in ((n, sellers[n % len(sellers)]) for n in range(n_listings))
            ),
        )
    have = Complaint.objects.filter(complainant=user).count()
    if have < n_complaints:
        _generate(user, ipr, n_complaints - have, per, n_listings)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('complaints_complaint','id'), "
            "(SELECT MAX(id) FROM complaints_complaint))"
        )
    return user, ipr


@transaction.atomic
def _generate(user, ipr, todo: int, per: int, n_listings: int) -> None:
    from complaints.models import Complaint, ComplaintItem

    print(f"generating {todo:,} complaints x {per} URLs ...", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM complaints_complaint")
        base = cursor.fetchone()[0]
    start = timezone.now() - timezone.timedelta(days=365)
    copy_model(
        Complaint,
        (
            {
                "id": base + i + 1,
                "complainant_id": user.pk,
                "platform": PLATFORMS[i % 5],
                "ipr_id": ipr.pk,
                "reason": "counterfeit",
                "source": "api",
                "status": "submitted",
                "url_count": per,
                "processed_count": per,
                "valid_count": per,
                "created_at": start + timezone.timedelta(seconds=300 * i),
                "submitted_at": start + timezone.timedelta(seconds=300 * i),
            }
            for i in range(todo)
        ),
    )
    copy_model(
        ComplaintItem,
        (
            {
                "complaint_id": base + i + 1,
                "line": line,
                "platform": PLATFORMS[i % 5],
                "url": f"https://item.taobao.com/item.htm?id=9{(i * per + line) % n_listings:011d}",
                "listing_id": f"9{(i * per + line) % n_listings:011d}",
                "status": "valid",
            }
            for i in range(todo)
            for line in range(1, per + 1)
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--urls-per-complaint", type=int, default=10)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this against PostgreSQL: set DATABASE_URL.")
    call_command("migrate", verbosity=0)
    user, ipr = ensure_data(args.complaints, args.urls_per_complaint)

    from complaints import selectors
    from complaints import services as services
    from complaints.models import Complaint, ComplaintItem

    print(
        f"data: {Complaint.objects.count():,} complaints, "
        f"{ComplaintItem.objects.count():,} complaint URLs"
    )
    urls = "\n".join(
        f"https://item.taobao.com/item.htm?id=9{n:011d}&spm=a1z10" for n in range(0, 200 * 5, 5)
    )
    filed: list[int] = []

    def file_one():
        data = services.ComplaintInput(platform="taobao", ipr=ipr, reason="counterfeit", urls=urls)
        filed.append(services.file_complaint(complainant=user, data=data).pk)

    def validate_one():
        services.validate_complaint(complaint_id=filed.pop())

    results = {"submit 200-URL complaint": timed(file_one, args.runs)}
    results["validate 200 URLs (worker service)"] = timed(validate_one, args.runs)
    filters = selectors.ComplaintFilters
    deep = Complaint.objects.filter(complainant=user).order_by("-created_at", "-id")[
        args.complaints // 2
    ]
    cursor = selectors.encode_cursor(deep)
    results["Manage Complaints, first page"] = timed(
        lambda: selectors.manage_page(user, filters()), args.runs
    )
    results["Manage Complaints, page at 50%"] = timed(
        lambda: selectors.manage_page(user, filters(), cursor), args.runs
    )
    results["Manage Complaints, platform filter"] = timed(
        lambda: selectors.manage_page(user, filters(platform="aliexpress")), args.runs
    )
    results["Manage Complaints, search listing id"] = timed(
        lambda: selectors.manage_page(user, filters(q="900000012345")), args.runs
    )
    print(f"{'operation':40} {'median ms':>10} {'p95 ms':>10}")
    for name, (median, p95) in results.items():
        print(f"{name:40} {median:10.1f} {p95:10.1f}")


if __name__ == "__main__":
    main()
