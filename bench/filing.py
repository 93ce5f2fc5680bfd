"""Complaint filing and URL validation at agency rates, on PostgreSQL (issue 12, item 2).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ipp_bench_fill .venv/bin/python \\
        bench/filing.py [--seconds 30] [--clients 6] [--runs 15]

Prepares (once; reused) an agency account with an authenticated trademark and a catalogue of
listings, closes the complaints of earlier runs (so every run starts from the same state), then
prints, each figure against its goal or against a baseline measured in the same run, with the
load average before and after:

1. queries: one 200-URL complaint POSTed to the API and its validation run as the worker runs it
   (the outbox runner), counted together (goal <= 25);
2. in process: the same filing + validation through the services, against a minimal hand-written
   ORM version writing the same rows (one INSERT of the complaint, one bulk INSERT of its 200
   URLs, one catalogue lookup, one UPDATE ... FROM (VALUES ...) of the URLs, one UPDATE of the
   complaint), medians of alternating runs (goal <= 3x);
3. sustained: a private Redis, gunicorn (3 sync workers) and a Celery worker (concurrency 2),
   started here and stopped by pid; --clients threads POST 200-URL complaints through the API
   for --seconds, and the run lasts until every one of them is validated (goal >= 20
   complaints/s, i.e. 4,000 URLs/s, filed and validated). The CPU each part spent per
   complaint is printed too, and what it makes on two idle cores: on a shared machine the rate
   measured depends on what else runs (hence the load average).

It writes to the database it is given, so it refuses one whose name lacks "bench"."""

import argparse
import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipp.settings")
os.environ.setdefault("IPP_LOCAL", "1")  # a local tool: the generated key, as `make bench` runs it
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "0")
# This process publishes nowhere (the in-process parts run the outbox by hand); the stack it
# starts gets its own broker. Never the local run's filesystem queue under var/.
os.environ["CELERY_BROKER_URL"] = "memory://"

import django  # noqa: E402

PLATFORM = "taobao"
LISTINGS = 100_000
URLS = 200
GOALS = {"queries": 25, "ratio": 3.0, "rate": 20.0}
EMAIL = "bench-filing-agency@bench.invalid"


def _setup() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    if "bench" not in url.rsplit("/", 1)[-1]:
        sys.exit("This benchmark writes to its database: use one whose name contains 'bench'.")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# --- data ----------------------------------------------------------------------------------------
def ensure_data():
    """The agency, its trademark and the catalogue; earlier runs' complaints closed."""
    from django.db import connection
    from django.utils import timezone

    from accounts.models import IdentityStatus, User
    from catalogue.models import Listing
    from ipr.models import IPR

    user, _created = User.objects.get_or_create(
        email=EMAIL,
        defaults={
            "identity_status": IdentityStatus.APPROVED,
            "complainant_name": "Bench Filing Agency",
        },
    )
    ipr = IPR.objects.filter(owner=user).first()
    if ipr is None:
        today = timezone.localdate()
        ipr = IPR.objects.create(
            owner=user,
            kind="trademark",
            status="authenticated",
            right_owner_name="Bench Filing Agency",
            mark_word="BENCHFILE",
            number="BF-1",
            jurisdiction="EU",
            nice_classes=[25],
            registered_on=today.replace(year=2020),
            expires_on=today.replace(year=2034),
        )
    if Listing.objects.filter(platform=PLATFORM, listing_id__startswith="7").count() < LISTINGS:
        _load_catalogue()
    with connection.cursor() as cursor:
        # a bench database only: earlier runs' complaints leave the "already complained" check
        cursor.execute(
            "UPDATE complaints_complaint SET status = 'closed' "
            "WHERE complainant_id = %s AND status <> 'closed'",
            [user.pk],
        )
    return user, ipr


def _load_catalogue() -> None:
    import io

    from django.db import connection
    from django.utils import timezone

    from catalogue.models import Listing, Seller

    sellers = [
        Seller.objects.get_or_create(
            platform=PLATFORM, store_id=f"bench-fill-{i}", defaults={"store_name": f"Bench {i}"}
        )[0]
        for i in range(50)
    ]
    Listing.objects.filter(platform=PLATFORM, listing_id__startswith="7").delete()
    now = timezone.now().isoformat()
    buf = io.StringIO()
    for n in range(LISTINGS):
        status = "taken_down" if n % 50 == 0 else "live"  # 2% of lines come back "not live"
        seller = sellers[n % len(sellers)].pk
        buf.write(f"{PLATFORM}\t{listing_id(n)}\tBench {n}\t{seller}\tapparel\t{status}\t")
        buf.write(f"https://item.taobao.com/item.htm?id={listing_id(n)}\t{now}\t{now}\n")
    buf.seek(0)
    columns = (
        "platform, listing_id, title, seller_id, category, status, url, created_at, updated_at"
    )
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY complaints_listing ({columns}) FROM STDIN", buf)
        cursor.execute("ANALYZE complaints_listing")


def listing_id(n: int) -> str:
    return f"7{n % LISTINGS:011d}"


class Urls:
    """200 URLs per complaint, each complaint on listings no earlier complaint of the run used."""

    def __init__(self, start: int = 0):
        self.next = start
        self.lock = threading.Lock()

    def take(self) -> list[str]:
        with self.lock:
            first, self.next = self.next, self.next + URLS
        return [
            f"https://item.taobao.com/item.htm?spm=a1z10.1&id={listing_id(n)}"
            for n in range(first, first + URLS)
        ]


# --- 1. queries ----------------------------------------------------------------------------------
def count_queries(user, ipr, urls: Urls) -> tuple[int, int]:
    """(filing, validation) queries of one complaint: the API POST, then the outbox runner."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings
    from rest_framework.test import APIClient

    from core import outbox

    client = APIClient(HTTP_HOST="127.0.0.1")
    client.force_authenticate(user)
    body = {
        "platform": PLATFORM,
        "ipr": ipr.pk,
        "reason": "trademark_unauthorized_use",
        "urls": urls.take(),
    }
    # rate-limit counters live in Redis in production, never in SQL: a memory cache here
    memory = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=memory), CaptureQueriesContext(connection) as filing:
        answer = client.post("/api/v1/complaints/", body, format="json")
    if answer.status_code != 201:
        sys.exit(f"filing failed: {answer.status_code} {answer.content[:500]!r}")
    message = _validation_message(answer.json()["id"])
    with CaptureQueriesContext(connection) as validation:
        outbox.run(message)
    return len(filing.captured_queries), len(validation.captured_queries)


def _validation_message(complaint_id: int) -> int:
    from core.models import OutboxMessage

    return (
        OutboxMessage.objects.filter(
            task="complaints.tasks.validate_complaint", completed_at__isnull=True
        )
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )


# --- 2. in process vs a minimal ORM version ------------------------------------------------------
def service_once(user, ipr, urls: Urls) -> float:
    """File through the service and validate as the worker does (the outbox runner)."""
    from complaints import services
    from complaints.models import ComplaintSource
    from core import outbox

    data = services.ComplaintInput(
        platform=PLATFORM, ipr=ipr, reason="trademark_unauthorized_use", urls="\n".join(urls.take())
    )
    started = time.perf_counter()
    complaint = services.file_complaint(complainant=user, data=data, source=ComplaintSource.API)
    filed = time.perf_counter() - started
    message = _validation_message(complaint.pk)  # untimed: the worker gets it from the broker
    started = time.perf_counter()
    outbox.run(message)
    return filed + time.perf_counter() - started


def minimal_once(user, ipr, urls: Urls) -> float:
    """The same rows written by hand with the fewest statements the ORM allows: the floor."""
    lines = urls.take()
    started = time.perf_counter()
    _minimal_validate(*_minimal_file(user, ipr, lines))
    return time.perf_counter() - started


def minimal_queries(user, ipr, urls: Urls) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as counted:
        minimal_once(user, ipr, urls)
    return len(counted.captured_queries)


def _minimal_file(user, ipr, lines: list[str]):
    from django.db import transaction
    from django.utils import timezone

    from complaints.models import Complaint, ComplaintItem

    with transaction.atomic():
        complaint = Complaint.objects.create(
            complainant=user,
            platform=PLATFORM,
            ipr=ipr,
            reason="trademark_unauthorized_use",
            source="api",
            status="validating",
            url_count=len(lines),
            submitted_at=timezone.now(),
        )
        items = ComplaintItem.objects.bulk_create(
            ComplaintItem(
                complaint=complaint,
                line=n,
                url=url,
                platform=PLATFORM,
                listing_id=url.rsplit("=", 1)[1],
            )
            for n, url in enumerate(lines, start=1)
        )
    return complaint, items


def _minimal_validate(complaint, items) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from catalogue.models import Listing
    from complaints.models import Complaint

    with transaction.atomic():
        found = {
            lid: (pk, seller, "valid" if status == "live" else "invalid")
            for lid, pk, seller, status in Listing.objects.filter(
                platform=PLATFORM, listing_id__in=[i.listing_id for i in items]
            ).values_list("listing_id", "pk", "seller_id", "status")
        }
        now = timezone.now()
        rows = [(i.pk, found[i.listing_id][2], *found[i.listing_id][:2], now) for i in items]
        values = ", ".join(["(%s, %s, %s, %s, %s::timestamptz)"] * len(rows))
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE complaints_complaintitem AS t SET status = v.status, "
                "catalogue_listing_id = v.listing, seller_id = v.seller, checked_at = v.at "
                f"FROM (VALUES {values}) AS v (id, status, listing, seller, at) WHERE t.id = v.id",
                [x for row in rows for x in row],
            )
        valid = sum(1 for row in rows if row[1] == "valid")
        Complaint.objects.filter(pk=complaint.pk).update(
            status="submitted", valid_count=valid, processed_count=len(rows), validated_at=now
        )


def compare(user, ipr, urls: Urls, runs: int) -> tuple[float, float]:
    """Median ms of each, runs alternating (order swapped every run)."""
    pairs: list[tuple[str, Callable]] = [("service", service_once), ("minimal", minimal_once)]
    for _name, fn in pairs:  # warm both paths up (imports, templates, plans)
        fn(user, ipr, urls)
    samples: dict[str, list[float]] = {"service": [], "minimal": []}
    for run in range(runs):
        for name, fn in pairs if run % 2 == 0 else reversed(pairs):
            samples[name].append(fn(user, ipr, urls) * 1000)
    return statistics.median(samples["service"]), statistics.median(samples["minimal"])


# --- 3. sustained, through gunicorn and a real worker --------------------------------------------
def free_port(preferred: int) -> int:
    for port in range(preferred, preferred + 200):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port near {preferred}")


def cpu_seconds(stat: Path) -> tuple[int, float]:
    """(process group, user + system CPU seconds) of one /proc/<pid>/stat."""
    fields = stat.read_text().rsplit(")", 1)[1].split()  # after "(comm)": state ppid pgrp ...
    return int(fields[2]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def group_cpu_seconds(pgid: int) -> float:
    """CPU time of the live processes of one process group (a started process and children)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            group, seconds = cpu_seconds(stat)
            total += seconds if group == pgid else 0.0
    return total


def database_cpu_seconds() -> dict[int, float]:
    """CPU time of each PostgreSQL backend serving this database, but this process's own."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        pids = [pid for (pid,) in cursor.fetchall()]
    found = {}
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            found[pid] = cpu_seconds(Path(f"/proc/{pid}/stat"))[1]
    return found


class Proc:
    """A started process in its own session, ended (with its children) by its pid."""

    def __init__(self, argv: list[str], env: dict, log: Path):
        with open(log, "ab") as out:
            self.popen = subprocess.Popen(  # noqa: S603 - our own programs and arguments
                argv,
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def cpu_seconds(self) -> float:
        return group_cpu_seconds(self.popen.pid)

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(5)


def wait_for(check: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return True
        time.sleep(0.2)
    return False


class Stack:
    """A private Redis (broker db 0, cache db 1), gunicorn with 3 sync workers and a Celery
    worker with concurrency 2, on the bench database; every process ended by its pid."""

    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="ipp-bench-filing-"))
        self.procs: list[Proc] = []
        self.http_port = free_port(58100)
        self.redis_port = free_port(56400)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "CELERY"))},
            "IPP_LOCAL": "1",
            "DEBUG": "0",
            "IPP_VAR_DIR": str(self.tmp / "var"),
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/1",
            "PYTHONUNBUFFERED": "1",
        }

    def start(self) -> None:
        self._start_redis()
        venv = ROOT / ".venv" / "bin"
        web = [str(venv / "gunicorn"), "ipp.wsgi:application", "--workers", "3"]
        web += ["--bind", f"127.0.0.1:{self.http_port}", "--timeout", "60"]
        self.web = self._start(web, "gunicorn")
        worker = [str(venv / "celery"), "-A", "ipp", "worker", "--concurrency", "2"]
        worker += ["--loglevel", "INFO", "--hostname", f"bench-filing@{socket.gethostname()}"]
        self.worker = self._start(worker, "worker")
        if not wait_for(self._answers, 60):
            raise RuntimeError(f"gunicorn did not answer; see {self.tmp}/gunicorn.log")
        if not wait_for(lambda: " ready." in (self.tmp / "worker.log").read_text(), 60):
            raise RuntimeError(f"the worker did not start; see {self.tmp}/worker.log")

    def _start(self, argv: list[str], name: str) -> Proc:
        proc = Proc(argv, self.env, self.tmp / f"{name}.log")
        self.procs.append(proc)
        return proc

    def _start_redis(self) -> None:
        argv = ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1"]
        self._start([*argv, "--save", "", "--appendonly", "no"], "redis")
        address = ("127.0.0.1", self.redis_port)
        if not wait_for(lambda: bool(socket.create_connection(address, 1)), 10):
            raise RuntimeError("redis did not come up")

    def _answers(self) -> bool:
        conn = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=3)
        conn.request("GET", "/healthz")
        return conn.getresponse().status in (200, 503)

    def stop(self) -> None:
        for proc in reversed(self.procs):
            proc.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)


def api_token(user) -> str:
    """A token the way an agency gets one: the credentials service when present."""
    from django.db import transaction

    try:
        from accounts.services.credentials import issue_api_token
    except ImportError:
        from rest_framework.authtoken.models import Token

        return Token.objects.get_or_create(user=user)[0].key
    with transaction.atomic():
        return issue_api_token(user=user, client_name="bench-filing", ip_address=None).key


class Clients:
    """Threads POSTing 200-URL complaints until told to stop; each answer noted."""

    def __init__(self, port: int, token: str, ipr_id: int, urls: Urls):
        self.port, self.token, self.ipr_id, self.urls = port, token, ipr_id, urls
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.created: list[int] = []
        self.latencies: list[float] = []
        self.refused: dict[int, int] = {}

    def post(self) -> None:
        body = {"platform": PLATFORM, "ipr": self.ipr_id, "reason": "trademark_unauthorized_use"}
        payload = json.dumps({**body, "urls": self.urls.take()})
        headers = {"Authorization": f"Token {self.token}", "Content-Type": "application/json"}
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request("POST", "/api/v1/complaints/", body=payload, headers=headers)
        answer = conn.getresponse()
        content = answer.read()
        conn.close()
        with self.lock:
            if answer.status == 201:
                self.created.append(json.loads(content)["id"])
                self.latencies.append(time.perf_counter() - started)
            else:
                self.refused[answer.status] = self.refused.get(answer.status, 0) + 1
        if answer.status == 429:
            time.sleep(0.5)

    def loop(self) -> None:
        while not self.stop.is_set():
            try:
                self.post()
            except OSError:
                with self.lock:
                    self.refused[0] = self.refused.get(0, 0) + 1

    def run(self, threads: int, seconds: float) -> None:
        started = [threading.Thread(target=self.loop, daemon=True) for _ in range(threads)]
        for thread in started:
            thread.start()
        time.sleep(seconds)
        self.stop.set()
        for thread in started:
            thread.join(60)


def validated_count(first_id: int) -> int:
    from complaints.models import Complaint

    return Complaint.objects.filter(
        pk__gte=first_id, complainant__email=EMAIL, status__in=["submitted", "invalid"]
    ).count()


def cpu_snapshot(stack: Stack) -> dict:
    return {
        "gunicorn": stack.web.cpu_seconds(),
        "worker": stack.worker.cpu_seconds(),
        "clients": sum(os.times()[:2]),
        "database": database_cpu_seconds(),
    }


def cpu_per_complaint(before: dict, after: dict, count: int) -> dict[str, float]:
    """CPU ms per complaint of each part (database: backends that closed during the run are
    missed, so a lower bound; the run is shorter than their connections' 60 s)."""
    used = {k: after[k] - before[k] for k in ("gunicorn", "worker", "clients")}
    used["database"] = sum(t - before["database"].get(p, 0.0) for p, t in after["database"].items())
    return {k: v * 1000 / max(count, 1) for k, v in used.items()}


def sustained(user, ipr, urls: Urls, clients: int, seconds: float) -> dict:
    """Complaints filed and validated per second, until the last one is validated."""
    from complaints.models import Complaint

    stack = Stack()
    try:
        stack.start()
        load = Clients(stack.http_port, api_token(user), ipr.pk, urls)
        load.post()  # every path warmed once before the clock starts
        first_id = Complaint.objects.order_by("-pk").values_list("pk", flat=True).first() + 1
        load.created.clear(), load.latencies.clear()
        before, started = cpu_snapshot(stack), time.perf_counter()
        load.run(clients, seconds)
        filed, deadline = len(load.created), time.monotonic() + 180
        while validated_count(first_id) < filed and time.monotonic() < deadline:
            time.sleep(0.1)
        elapsed, validated = time.perf_counter() - started, validated_count(first_id)
        return {
            "filed": filed,
            "validated": validated,
            "rate": validated / elapsed,
            "seconds": elapsed,
            "post_p50": statistics.median(load.latencies) * 1000 if load.latencies else 0.0,
            "refused": load.refused,
            "cpu": cpu_per_complaint(before, cpu_snapshot(stack), filed),
        }
    finally:
        stack.stop()


# --- report --------------------------------------------------------------------------------------
def row(name: str, figure: str, goal: str, met: bool, detail: str) -> None:
    print(f"{name:44} {figure:>10}  {goal:>9}  {'met' if met else 'NOT':4} {detail}")


def report_sustained(result: dict) -> None:
    cpu = result["cpu"]
    total = sum(cpu.values())
    detail = (
        f"{result['validated']}/{result['filed']} in {result['seconds']:.1f} s, "
        f"{result['rate'] * URLS:,.0f} URLs/s, POST p50 {result['post_p50']:.0f} ms; CPU per "
        f"complaint {total:.0f} ms (gunicorn {cpu['gunicorn']:.0f}, worker {cpu['worker']:.0f}, "
        f"PostgreSQL >= {cpu['database']:.0f}, clients {cpu['clients']:.0f}): "
        f"{2000 / total:.0f}/s on 2 idle cores"
    )
    if result["refused"]:
        detail += f"; refused {result['refused']}"
    goal = GOALS["rate"]
    row(
        "sustained: filed + validated",
        f"{result['rate']:.1f}/s",
        f">= {goal:.0f}/s",
        result["rate"] >= goal,
        detail,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--skip-sustained", action="store_true")
    args = parser.parse_args()
    _setup()
    print(f"load average before: {load_average()}")
    user, ipr = ensure_data()
    urls = Urls(start=int(time.time()) % LISTINGS)
    (filing, validation), minimal = count_queries(user, ipr, urls), minimal_queries(user, ipr, urls)
    service_ms, minimal_ms = compare(user, ipr, urls, args.runs)
    print(f"{'measure':44} {'figure':>10}  {'goal':>9}  {'':4} detail")
    queries = filing + validation
    row(
        "queries: one 200-URL complaint, POST + worker",
        str(queries),
        f"<= {GOALS['queries']}",
        queries <= GOALS["queries"],
        f"filing {filing} + validation {validation}; {queries / minimal:.1f}x the minimal "
        f"version's {minimal}",
    )
    ratio = service_ms / minimal_ms
    row(
        "in process: services / minimal ORM",
        f"{ratio:.2f}x",
        f"<= {GOALS['ratio']}x",
        ratio <= GOALS["ratio"],
        f"{service_ms:.1f} ms vs {minimal_ms:.1f} ms, medians of {args.runs} alternating runs",
    )
    if not args.skip_sustained:
        report_sustained(sustained(user, ipr, urls, args.clients, args.seconds))
    print(f"load average after:  {load_average()}")


if __name__ == "__main__":
    main()
