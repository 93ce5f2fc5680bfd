"""List pages and queues at 100,000 complaints against the same pages at 1,000 (issue 12).

    LISTS_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ipp_bench_list .venv/bin/python \
        bench/lists.py [--complaints 100000] [--baseline 1000] [--runs 15] [--seconds 1.5]

Builds (or reuses, bench/dataset.py) two databases of its own, which it drops and rebuilds when
the schema changes: LISTS_BENCH_DATABASE_URL (make bench: <BENCH_DATABASE_URL>_lists) with
--complaints complaints and ten times as many URLs, and <name>_small with --baseline
complaints. Starts one gunicorn (3 sync workers, bench/settings.py) on each, on free ports, and
stops them by pid. Then:

- page time: the median of --runs sequential requests of each page on each server, the two
  servers interleaved; the ratio large / small must stay within 1.5. The database time and the
  number of queries of the same answers come from the bench middleware's headers;
- throughput: requests per second of each page on the large server with a small concurrent client
  (six threads, http.client), each measured right after a bare Django view listing 25 rows of the
  same table (bench/urls.py); the ratio page / bare view must reach 0.5.

Prints one table (measure, value, baseline, ratio, goal, met/missed) and the load average."""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipp.settings_local")
PY = sys.executable
LISTING = 123  # the listing searched for: named in 20 URLs at either scale


@dataclass(frozen=True)
class Page:
    name: str
    who: str  # owner, reviewer, seller
    path: str  # may name values prepared per database: {deep}, {queue_deep}, {listing}, {url}
    throughput: bool = True


PAGES = [
    Page("Manage Complaints, first page", "owner", "/complaints/"),
    Page("Manage Complaints, 50%-deep keyset page", "owner", "/complaints/?after={deep}"),
    Page("Manage Complaints, status filter", "owner", "/complaints/?status=withdrawn"),
    Page("Manage Complaints, listing-id search", "owner", "/complaints/?q={listing}"),
    Page("Manage Complaints, URL search", "owner", "/complaints/?q={url}"),
    Page("API complaints list", "owner", "/api/v1/complaints/"),
    Page("API complaints list, 50% deep", "owner", "/api/v1/complaints/?after={deep}"),
    Page("Reviewer queue page", "reviewer", "/review/queue/complaints/"),
    Page("Reviewer queue, 50% deep", "reviewer", "/review/queue/complaints/?after={queue_deep}"),
    Page("API reviewer queue", "reviewer", "/api/v1/review/queues/complaints/"),
    Page("Reviewer workbench", "reviewer", "/review/"),
    Page("API workbench", "reviewer", "/api/v1/review/queues/"),
    Page("Seller home", "seller", "/review/seller/"),
    Page("API seller items", "seller", "/api/v1/seller/items/"),
    Page("IPR Management", "owner", "/ipr/"),
    Page("API IPRs", "owner", "/api/v1/iprs/"),
    Page("Notifications", "owner", "/notifications/"),
    Page("API notifications", "owner", "/api/v1/notifications/"),
]
BARE = Page("bare Django view, 25 rows", "owner", "/bench/bare/")


# --- per-database preparation (a subprocess with that DATABASE_URL) -----------------------------
def prepare() -> dict:
    """Signed-in sessions for the bench's three people and the values the pages' paths name."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from accounts.models import User
    from bench import dataset
    from complaints.models import Complaint, ComplaintStatus
    from core.cursors import encode_keyset

    cookies = {}
    for who, email in (
        ("owner", dataset.OWNER),
        ("reviewer", dataset.REVIEWER),
        ("seller", dataset.SELLER),
    ):
        user = User.objects.get(email=email)
        client = Client()
        client.force_login(user)
        device = StaticDevice.objects.filter(user=user).first()
        if device is not None:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        cookies[who] = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
    owner = User.objects.get(email=dataset.OWNER)
    mine = Complaint.objects.filter(complainant=owner).order_by("-created_at", "-id")
    deep = mine[mine.count() // 2]
    queue = Complaint.objects.filter(
        status__in=[ComplaintStatus.SUBMITTED, ComplaintStatus.IN_REVIEW]
    ).order_by("submitted_at", "id")
    queue_deep = queue[queue.count() // 2]
    listing = f"9{LISTING:011d}"
    return {
        "cookies": cookies,
        "values": {
            "deep": encode_keyset(deep.created_at, deep.pk),
            "queue_deep": encode_keyset(queue_deep.submitted_at, queue_deep.pk),
            "listing": listing,
            "url": quote(f"https://item.taobao.com/item.htm?id={listing}", safe=""),
        },
    }


# --- servers ------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def db_env(url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        DATABASE_URL=url,
        IPP_LOCAL="1",
        PYTHONPATH=str(ROOT),
    )
    return env


class Server:
    def __init__(self, name: str, env: dict):
        self.name, self.port = name, free_port()
        env = {**env, "DJANGO_SETTINGS_MODULE": "bench.settings"}
        self.log = open(f"/tmp/bench-lists-{name}.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [str(Path(PY).parent / "gunicorn"), "--workers", "3", "--worker-class", "sync"]
            + ["--bind", f"127.0.0.1:{self.port}", "--chdir", str(ROOT), "ipp.wsgi:application"],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                get(self.port, "/healthz", "")
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn ({self.name}) did not start: see {self.log.name}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def get(port: int, path: str, cookie: str) -> tuple[int, dict]:
    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        accept = "application/json" if path.startswith("/api/") else "text/html"
        conn.request("GET", path, headers={"Cookie": cookie, "Accept": accept})
        response = conn.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()


# --- measures -----------------------------------------------------------------------------------
@dataclass
class Sample:
    ms: float
    db_ms: float
    queries: int


class Target:
    """One page on one server, signed in as the page's person."""

    def __init__(self, page: Page, server: Server, prepared: dict):
        self.page, self.port = page, server.port
        self.path = page.path.format(**prepared["values"])
        self.cookie = prepared["cookies"][page.who]

    def sample(self) -> Sample:
        start = time.perf_counter()
        status, headers = get(self.port, self.path, self.cookie)
        ms = (time.perf_counter() - start) * 1000
        if status != 200:
            raise RuntimeError(f"{self.page.name}: {self.path} answered {status}")
        return Sample(ms, float(headers["x-bench-db-ms"]), int(headers["x-bench-queries"]))

    def throughput(self, seconds: float, clients: int) -> float:
        done = [0] * clients
        stop = time.monotonic() + seconds

        def client(n: int) -> None:
            while time.monotonic() < stop:
                get(self.port, self.path, self.cookie)
                done[n] += 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return sum(done) / (time.monotonic() - started)


def page_times(pairs: list[tuple[Target, Target]], runs: int) -> dict[str, tuple[list, list]]:
    """Sequential requests, small and large interleaved (the order alternates each run)."""
    out: dict[str, tuple[list, list]] = {big.page.name: ([], []) for big, _small in pairs}
    for big, small in pairs:  # warm every worker of both servers
        for _ in range(6):
            big.sample()
            small.sample()
    for run in range(runs):
        for big, small in pairs:
            order = [(0, big), (1, small)] if run % 2 else [(1, small), (0, big)]
            for slot, target in order:
                out[big.page.name][slot].append(target.sample())
    return out


def throughputs(bare: Target, targets: list[Target], rounds: int, seconds: float) -> dict:
    """Each page's requests per second, measured right after the bare view's (the load of a
    shared machine moves within a minute); a page's ratio is taken against that measurement, and
    the medians of the rounds are reported."""
    out: dict[str, list[tuple[float, float]]] = {t.page.name: [] for t in targets}
    for _ in range(rounds):
        for target in targets:
            base = bare.throughput(seconds, clients=6)
            out[target.page.name].append((target.throughput(seconds, clients=6), base))
    return out


# --- the table ----------------------------------------------------------------------------------
ROWS: list[tuple[str, str, str, str, str, str]] = []


def row(measure: str, value: str, baseline: str, ratio: float, goal: str, met: bool) -> None:
    ROWS.append((measure, value, baseline, f"{ratio:.2f}x", goal, "met" if met else "MISSED"))


def report(times: dict, rates: dict, n_big: int, n_small: int) -> None:
    for name, (big, small) in times.items():
        ms_big = statistics.median(s.ms for s in big)
        ms_small = statistics.median(s.ms for s in small)
        db_big = statistics.median(s.db_ms for s in big)
        db_small = statistics.median(s.db_ms for s in small)
        q_big, q_small = big[-1].queries, small[-1].queries
        row(
            f"{name}: page ms",
            f"{ms_big:.1f}",
            f"{ms_small:.1f}",
            ms_big / ms_small,
            "<= 1.5x",
            ms_big <= 1.5 * ms_small,
        )
        row(
            f"{name}: db ms",
            f"{db_big:.2f}",
            f"{db_small:.2f}",
            db_big / max(db_small, 1e-3),
            "<= 1.5x",
            db_big <= 1.5 * db_small or db_big - db_small < 1.0,
        )
        row(
            f"{name}: queries",
            str(q_big),
            str(q_small),
            q_big / max(q_small, 1),
            "same",
            q_big == q_small,
        )
    for name, samples in rates.items():
        rps = statistics.median(r for r, _b in samples)
        base = statistics.median(b for _r, b in samples)
        ratio = statistics.median(r / b for r, b in samples)
        row(
            f"{name}: req/s vs bare view",
            f"{rps:.1f}",
            f"{base:.1f}",
            ratio,
            ">= 0.5x",
            ratio >= 0.5,
        )
    widths = [max(len(r[i]) for r in [HEAD, *ROWS]) for i in range(6)]
    print(
        f"\nvalue at {n_big:,} complaints, baseline at {n_small:,} (page, db, queries) or the "
        "bare view on the same server (req/s); db ms within 1 ms counts as met"
    )
    for r in [HEAD, *ROWS]:
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    missed = sum(1 for r in ROWS if r[5] == "MISSED")
    print(f"\n{len(ROWS) - missed} met, {missed} missed; load average {load()}")


HEAD = ("measure", "value", "baseline", "ratio", "goal", "")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# --- main ---------------------------------------------------------------------------------------
def small_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_small"))


def run_sub(args: list[str], env: dict) -> str:
    done = subprocess.run([PY, *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=1.5)
    parser.add_argument("--only", default="", help="measure only pages whose name contains this")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare()))
        return
    url = os.environ.get("LISTS_BENCH_DATABASE_URL", "")
    if "bench" not in urlsplit(url).path:
        sys.exit("Set LISTS_BENCH_DATABASE_URL to a PostgreSQL database named *bench*.")
    print(f"load average {load()}", flush=True)
    envs = {"large": db_env(url), "small": db_env(small_url(url))}
    for name, n in (("large", args.complaints), ("small", args.baseline)):
        started = time.perf_counter()
        out = run_sub(["bench/dataset.py", "--complaints", str(n)], envs[name]).strip()
        print(f"data {name}: {out.splitlines()[-1]} ({time.perf_counter() - started:.0f} s)")
    prepared = {
        k: json.loads(run_sub(["bench/lists.py", "--prepare"], env)) for k, env in envs.items()
    }
    servers = {k: Server(k, env) for k, env in envs.items()}
    try:
        for server in servers.values():
            server.wait_ready()
        pages = [p for p in PAGES if args.only.lower() in p.name.lower()]
        pairs = [
            (
                Target(p, servers["large"], prepared["large"]),
                Target(p, servers["small"], prepared["small"]),
            )
            for p in pages
        ]
        times = page_times(pairs, args.runs)
        bare = Target(BARE, servers["large"], prepared["large"])
        rates = throughputs(
            bare, [big for big, _s in pairs if big.page.throughput], args.rounds, args.seconds
        )
    finally:
        for server in servers.values():
            server.stop()
    report(times, rates, args.complaints, args.baseline)


if __name__ == "__main__":
    main()
