"""Reviewer queues at scale, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_reviews_bench .venv/bin/python \
        bench/reviews.py [--items 100000] [--claimed 0.2] [--runs 30]

Generates (once; reused on later runs) --items open complaints in the reviewers' complaint queue
(a fifth of them claimed by other reviewers), then prints median and p95 times for: the workbench
(every queue's count, claimed count and oldest item), the first and a deep page of the complaint
queue (with each row's claim holder), and claim_next."""

import argparse
import datetime
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

BATCH = 5000


def timed(fn, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return statistics.median(samples), p95


def ensure_data(n_items: int, claimed_share: float):
    from accounts.models import Role, User
    from complaints.models import Complaint, ComplaintStatus
    from core.models import Claim

    reviewer, _c = User.objects.get_or_create(
        email="bench-reviewer@example.com", defaults={"role": Role.REVIEWER}
    )
    others = [
        User.objects.get_or_create(
            email=f"bench-rev{i}@example.com", defaults={"role": "reviewer"}
        )[0]
        for i in range(5)
    ]
    owner, _c = User.objects.get_or_create(email="bench-owner@example.com")
    have = Complaint.objects.filter(complainant=owner).count()
    start = timezone.now() - datetime.timedelta(days=30)
    for offset in range(have, n_items, BATCH):
        rows = [
            Complaint(
                complainant=owner,
                platform="taobao",
                reason="counterfeit",
                status=ComplaintStatus.SUBMITTED,
                url_count=1,
                valid_count=1,
                submitted_at=start + datetime.timedelta(seconds=n),
            )
            for n in range(offset, min(n_items, offset + BATCH))
        ]
        with transaction.atomic():
            created = Complaint.objects.bulk_create(rows)
            Claim.objects.bulk_create(
                [
                    Claim(queue="complaints", object_id=str(c.pk), reviewer=others[c.pk % 5])
                    for c in created
                    if (c.pk % int(1 / claimed_share)) == 0
                ]
            )
        print(f"  generated {offset + len(rows):,} complaints", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE complaints_complaint; ANALYZE core_claim;")
    return reviewer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--claimed", type=float, default=0.2)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this against PostgreSQL (DATABASE_URL).")
    call_command("migrate", verbosity=0)
    reviewer = ensure_data(args.items, args.claimed)

    from core.models import Claim
    from reviews import selectors
    from reviews.services.workbench import claim_next_item

    open_items = selectors.workbench(reviewer)
    summary = {q.queue.name: (q.count, q.claimed) for q in open_items}
    print(
        f"complaint queue: {summary['complaints'][0]:,} open, {summary['complaints'][1]:,} claimed"
    )

    _q, first, last = selectors.queue_page(reviewer, "complaints")
    deep = _q.queryset().order_by("submitted_at", "pk")[args.items * 9 // 10]
    results = {
        "workbench (6 queues)": timed(lambda: selectors.workbench(reviewer), args.runs),
        "queue page 1 (50 rows + holders)": timed(
            lambda: selectors.queue_page(reviewer, "complaints"), args.runs
        ),
        "queue deep page (90%, keyset)": timed(
            lambda: selectors.queue_page(reviewer, "complaints", (deep.submitted_at, deep.pk)),
            args.runs,
        ),
    }
    taken = []
    results["claim_next"] = timed(
        lambda: taken.append(claim_next_item(queue_name="complaints", reviewer=reviewer)),
        args.runs,
    )
    Claim.objects.filter(reviewer=reviewer, active=True).update(active=False)
    assert len({t.pk for t in taken}) == len(taken)
    for name, (median, p95) in results.items():
        print(f"{name:40s} median {median:8.2f} ms   p95 {p95:8.2f} ms")


if __name__ == "__main__":
    main()
