"""Benchmark the daily IPR sweep on PostgreSQL with a million IPRs, against raw SQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ipp_bench_fill \\
        .venv/bin/python bench/ipr_sweep.py --count 1000000

Loads `--count` IPR rows with COPY (plus `--owners` accounts, some with an expired identity),
about 80% authenticated, with a realistic share due today: right terms, letter terms and owner
identities that ended yesterday, and expiries 1-30 days out for the reminders. Then:

1. `withdraw_expired` (the beat task's withdrawal service) against its floor, raw SQL doing the
   same moves: per cause one `UPDATE ... RETURNING` feeding one `INSERT ... SELECT` of the audit
   rows. Both run on the same rows, each in a transaction rolled back afterwards, alternating, with
   a VACUUM before each run; the medians and their ratio are printed (goal <= 1.5x);
2. the sweep for real: `withdraw_expired` and `send_expiry_reminders`, then a second run of both,
   which must change nothing.

It empties the database it is given (accounts, IPRs and everything referring to them), so it
refuses a database whose name lacks "bench"."""

import argparse
import datetime
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipp.settings")
os.environ.setdefault("IPP_LOCAL", "1")  # a local tool: the generated key, as `make bench` runs it
# Queued emails go nowhere: we time the database work (never the local run's queue under var/).
os.environ["CELERY_BROKER_URL"] = "memory://"
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "0")

GOAL = 1.5

import django  # noqa: E402


def _setup() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (this benchmark uses COPY).")
    if "bench" not in os.environ["DATABASE_URL"].rsplit("/", 1)[-1]:
        sys.exit("The benchmark empties its database: use one whose name contains 'bench'.")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buf.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buf)


def load(count: int, owners: int, today: datetime.date, seed: int = 7) -> None:
    from django.db import connection, transaction

    from accounts.models import User

    rnd = random.Random(seed)
    day = datetime.timedelta(days=1)
    now = datetime.datetime.now(datetime.UTC).isoformat()
    with transaction.atomic(), connection.cursor() as cur:
        # a dedicated database (checked in _setup): start from empty accounts and IPRs
        cur.execute("TRUNCATE accounts_user, ipr_ipr CASCADE")
        # accounts through the ORM (their columns belong to another app); IPRs through COPY
        User.objects.bulk_create(
            [
                User(
                    email=f"bench-{i}@bench.invalid",
                    password="!",
                    location="CN",
                    identity_kind="business",
                    registrant_category="agent" if i % 5 == 0 else "ipr_owner",
                    identity_status="approved",
                    complainant_name=f"Bench Owner {i}",
                    # 0.5% of owners: identity certificate ended yesterday
                    identity_expires_on=(today - day) if i % 200 == 0 else (today + 900 * day),
                )
                for i in range(owners)
            ],
            batch_size=5000,
        )
        cur.execute("SELECT id FROM accounts_user WHERE email LIKE 'bench-%%@bench.invalid'")
        owner_ids = [r[0] for r in cur.fetchall()]
        _copy(
            cur,
            "ipr_ipr",
            IPR_COLUMNS,
            (_ipr_row(rnd, owner_ids, today, now) for _ in range(count)),
        )
    with connection.cursor() as cur:
        cur.execute("ANALYZE accounts_user; ANALYZE ipr_ipr;")


IPR_COLUMNS = [
    "kind",
    "status",
    "owner_id",
    "right_owner_name",
    "is_registered",
    "document_type",
    "jurisdiction",
    "office",
    "number",
    "registered_on",
    "expires_on",
    "mark_word",
    "nice_classes",
    "goods_services",
    "is_madrid",
    "patent_type",
    "title",
    "work_title",
    "work_type",
    "letter_starts_on",
    "letter_ends_on",
    "rejection_code",
    "rejection_text",
    "withdrawal_code",
    "withdrawal_text",
    "version",
    "created_at",
    "submitted_at",
    "updated_at",
]
STATUSES = (
    ["authenticated"] * 80 + ["pending"] * 8 + ["failed"] * 5 + ["withdrawn"] * 4 + ["expired"] * 3
)


def _ipr_row(rnd, owner_ids, today, now):
    day = datetime.timedelta(days=1)
    roll = rnd.random()
    if roll < 0.02:
        expires = today - day  # right ended yesterday: due for withdrawal
    elif roll < 0.06:
        expires = today + rnd.randint(0, 30) * day  # inside a reminder window
    else:
        expires = today + rnd.randint(31, 3650) * day
    letter_start = letter_end = None
    if rnd.random() < 0.2:
        letter_start = today - 400 * day
        letter_end = today - day if rnd.random() < 0.05 else today + rnd.randint(1, 700) * day
    return (
        "trademark",
        rnd.choice(STATUSES),
        rnd.choice(owner_ids),
        "Bench Owner",
        True,
        "registration_certificate",
        "China",
        "CNIPA",
        f"TM{rnd.randint(1, 10**9)}",
        today - 3000 * day,
        expires,
        "BENCH",
        "[25]",
        "Clothing",
        False,
        "",
        "",
        "",
        "",
        letter_start,
        letter_end,
        "",
        "",
        "",
        "",
        1,
        now,
        now,
        now,
    )


# --- the floor: raw SQL doing the same moves ------------------------------------------------------
RAW_AUDIT = (
    "INSERT INTO core_auditevent (created_at, actor_id, action, target_type, target_id, "
    "from_status, to_status, reason, data, ip_address) "
    "SELECT %s, NULL, %s, 'ipr.ipr', id::text, 'authenticated', %s, %s, %s::jsonb, NULL FROM moved"
)
RAW_SET = (
    "status = %s, withdrawal_code = %s, withdrawal_text = '', withdrawn_at = %s, updated_at = %s"
)
RAW_MOVES = {
    # cause: (FROM clause extra, WHERE condition on the row's date)
    "right_expired": ("", "i.expires_on < %s"),
    "letter_expired": ("", "i.letter_ends_on < %s"),
    "identity_expired": (
        "FROM accounts_user u",
        "u.id = i.owner_id AND u.identity_expires_on < %s",
    ),
}


def raw_withdraw(today: datetime.date) -> dict[str, int]:
    """Every move of `withdraw_expired` and its audit row, one statement per cause."""
    import json

    from django.db import connection
    from django.utils import timezone

    from ipr.audit_actions import IPRAction
    from ipr.models import WithdrawalReason
    from ipr.services.sweep import CAUSES

    now, counts = timezone.now(), {}
    with connection.cursor() as cur:
        for code, to_status, _field in CAUSES:
            extra, condition = RAW_MOVES[code]
            cur.execute(
                f"WITH moved AS (UPDATE ipr_ipr i SET {RAW_SET} {extra} "
                f"WHERE i.status = 'authenticated' AND {condition} RETURNING i.id) {RAW_AUDIT}",
                [
                    to_status,
                    code,
                    now,
                    now,
                    today,
                    now,
                    IPRAction.for_status(to_status),
                    to_status,
                    str(WithdrawalReason(code).label),
                    json.dumps({"code": code, "by": "sweep"}),
                ],
            )
            counts[str(code)] = cur.rowcount
    return counts


def compare(today: datetime.date, runs: int, batch: int | None) -> tuple[float, float, dict]:
    """Median seconds of the service and of raw SQL on the same rows (each rolled back)."""
    from django.db import connection, transaction

    from ipr import services

    def service():
        return services.withdraw_expired(today=today, batch_size=batch)

    def raw():
        return raw_withdraw(today)

    samples: dict[str, list[float]] = {"service": [], "raw": []}
    moved: dict[str, dict] = {}
    for run in range(runs):
        order = [("service", service), ("raw", raw)]
        for name, fn in order if run % 2 == 0 else reversed(order):
            with connection.cursor() as cur:
                cur.execute("VACUUM ANALYZE ipr_ipr")
            with transaction.atomic():
                started = time.perf_counter()
                moved[name] = fn()
                samples[name].append(time.perf_counter() - started)
                transaction.set_rollback(True)
    if moved["service"] != moved["raw"]:
        sys.exit(f"the service and raw SQL moved different rows: {moved}")
    return statistics.median(samples["service"]), statistics.median(samples["raw"]), moved["raw"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--owners", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=None, help="sweep batch size")
    parser.add_argument("--runs", type=int, default=5, help="runs of each side of the ratio")
    parser.add_argument(
        "--ratio-only",
        action="store_true",
        help="skip the committed runs (the data stays as loaded, for --reuse)",
    )
    parser.add_argument("--reuse", action="store_true", help="keep data loaded by --ratio-only")
    args = parser.parse_args()
    _setup()
    from django.db.models import Count
    from django.utils import timezone

    from ipr import services
    from ipr.models import IPR

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    today = timezone.localdate()
    started = time.perf_counter()
    if not (args.reuse and IPR.objects.count() == args.count):
        load(args.count, args.owners, today)
    print(
        f"loaded {args.count:,} IPRs for {args.owners:,} owners "
        f"in {time.perf_counter() - started:.1f} s"
    )
    before = dict(IPR.objects.values_list("status").annotate(n=Count("id")))
    print("before:", before)
    service_s, raw_s, moved = compare(today, args.runs, args.batch)
    ratio = service_s / raw_s
    print(
        f"withdraw_expired {service_s:.2f} s vs raw SQL {raw_s:.2f} s on the same "
        f"{sum(moved.values()):,} moves {moved}: ratio {ratio:.2f}x (goal <= {GOAL}x): "
        f"{'met' if ratio <= GOAL else 'NOT met'}"
    )
    for label in () if args.ratio_only else ("first run", "second run (idempotent)"):
        t0 = time.perf_counter()
        withdrawn = services.withdraw_expired(batch_size=args.batch)
        t1 = time.perf_counter()
        reminded = services.send_expiry_reminders(batch_size=args.batch)
        t2 = time.perf_counter()
        print(
            f"{label}: withdraw_expired {t1 - t0:.2f} s {withdrawn}; "
            f"send_expiry_reminders {t2 - t1:.2f} s ({reminded} reminders); total {t2 - t0:.2f} s"
        )
    print("after:", dict(IPR.objects.values_list("status").annotate(n=Count("id"))))
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
