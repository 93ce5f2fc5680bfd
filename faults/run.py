"""`make faults`: run the production topology on this machine (private PostgreSQL cluster, private
Redis, gunicorn, a supervised Celery worker, beat), break it on purpose and print what the
portal lost, left stuck, did twice or answered with 5xx, and how long it took to recover by itself.

Scenarios: 1. worker kills during validation, 2. broker outage, 3. database outage, 4. concurrent
double submits; then the "complaint validated" emails. A script, not a test: the figures are the
result and it exits 0 when it ran. FAULTS_KEEP=1 keeps the temporary directory (logs, mail)."""

import os
import random
import signal
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from client import (  # noqa: E402
    Answer,
    Http,
    Owner,
    cookie_header,
    sign_in,
    validated_mail_counts,
    web_session,
)
from topology import Topology  # noqa: E402

OWNERS = 6
FIRST_LISTING = 601_000_000_000
LISTINGS = 12_000
RNG = random.Random(2026)  # noqa: S311 - test data


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- listing URLs: each complaint names listings no other complaint of the run names ----------
class Listings:
    def __init__(self):
        self.next = FIRST_LISTING
        self.lock = threading.Lock()

    def take(self, n: int) -> list[str]:
        with self.lock:
            start, self.next = self.next, self.next + n
        if self.next > FIRST_LISTING + LISTINGS:
            raise RuntimeError("ran out of seeded listings")
        return [f"https://item.taobao.com/item.htm?id={i}" for i in range(start, start + n)]


@dataclass
class Result:
    name: str
    lost: int = 0
    stuck: int = 0
    duplicated: int = 0
    five_xx: int = 0
    recovery: float | None = None
    notes: list[str] = field(default_factory=list)
    complaint_ids: set[int] = field(default_factory=set)
    name_tag: str = ""


class Run:
    def __init__(self, topo: Topology):
        self.topo = topo
        self.web = Http(topo.http_port)
        self.listings = Listings()
        self.owners: list[Owner] = []
        self.results: list[Result] = []
        self.defects: list[str] = []
        self.bodies: dict[str, tuple] = {}

    def defect(self, text: str) -> None:
        if text not in self.defects:
            self.defects.append(text)
            log(f"DEFECT: {text}")

    # --- database reads (our own cluster, psycopg2) ---------------------------------------
    def query(self, sql: str, params=()) -> list[tuple]:
        conn = self.topo.db()
        try:
            with conn.cursor() as cur:
                cur.execute(sql, params)
                return cur.fetchall()
        finally:
            conn.close()

    def try_query(self, sql: str, params=()) -> list[tuple] | None:
        try:
            return self.query(sql, params)
        except Exception:  # noqa: BLE001 - the database may be the thing that is down
            return None

    def statuses(self, ids: set[int]) -> dict[int, str] | None:
        if not ids:
            return {}
        rows = self.try_query(
            "SELECT id, status FROM complaints_complaint WHERE id = ANY(%s)", (list(ids),)
        )
        return None if rows is None else dict(rows)

    def outbox_pending(self) -> int | None:
        rows = self.try_query("SELECT count(*) FROM core_outboxmessage WHERE completed_at IS NULL")
        return None if rows is None else rows[0][0]

    def wait_validated(
        self, ids: set[int], since: float, limit: float, outbox_empty: bool = False
    ) -> float | None:
        """Seconds from `since` until no complaint of `ids` is validating (and, if asked, the
        outbox is empty); None when that did not happen within `limit` seconds of `since`."""
        while time.monotonic() - since < limit:
            states = self.statuses(ids)
            done = states is not None and all(s != "validating" for s in states.values())
            if done and outbox_empty:
                done = self.outbox_pending() == 0
            if done:
                return time.monotonic() - since
            time.sleep(1)
        return None

    def lost_and_stuck(self, ids: set[int]) -> tuple[int, int, list[int]]:
        """Complaints still validating: 'stuck' when an unfinished outbox message would still
        run their validation, 'lost' when nothing would (or the complaint does not exist)."""
        states = self.statuses(ids) or {}
        missing = [i for i in ids if i not in states]
        waiting = [i for i, s in states.items() if s == "validating"]
        if not waiting:
            return len(missing), 0, missing
        rows = self.query(
            "SELECT DISTINCT (kwargs->>'complaint_id')::bigint FROM core_outboxmessage "
            "WHERE task = 'complaints.tasks.validate_complaint' AND completed_at IS NULL "
            "AND (kwargs->>'complaint_id')::bigint = ANY(%s)",
            (waiting,),
        )
        pending = {r[0] for r in rows}
        lost = [i for i in waiting if i not in pending]
        return len(lost) + len(missing), len(pending), lost + missing

    def duplicates(self, ids: set[int]) -> tuple[int, int]:
        """(listings valid in two open complaints of one owner, complaints with the validation
        outcome applied more than once)."""
        twice = self.query(
            "SELECT count(*) FROM (SELECT c.complainant_id, i.platform, i.listing_id "
            "FROM complaints_complaintitem i JOIN complaints_complaint c ON c.id = i.complaint_id "
            "WHERE i.status = 'valid' AND c.id = ANY(%s) "
            "GROUP BY 1, 2, 3 HAVING count(*) > 1) d",
            (list(ids),),
        )[0][0]
        outcome = self.query(
            "SELECT count(*) FROM (SELECT target_id FROM core_auditevent "
            "WHERE action = 'complaint.validated' AND target_type = 'complaints.complaint' "
            "AND target_id = ANY(%s) GROUP BY target_id HAVING count(*) > 1) d",
            ([str(i) for i in ids],),
        )[0][0]
        return twice, outcome

    # --- filing ---------------------------------------------------------------------------
    def file(self, owner: Owner, urls: list[str], tag: str, headers=None) -> Answer:
        self.bodies[tag] = (owner, urls, headers)
        return self.web.call(
            "POST",
            "/api/v1/complaints/",
            body={
                "platform": "taobao",
                "ipr": owner.ipr,
                "reason": "trademark_unauthorized_use",
                "urls": urls,
                "description": tag,
            },
            headers={**owner.auth, **(headers or {})},
        )

    def ids_by_tag(self, prefix: str) -> dict[str, list[int]]:
        rows = self.query(
            "SELECT description, id FROM complaints_complaint WHERE description LIKE %s",
            (prefix + "%",),
        )
        found: dict[str, list[int]] = {}
        for tag, pk in rows:
            found.setdefault(tag, []).append(pk)
        return found

    # --- setup ----------------------------------------------------------------------------
    def setup(self) -> None:
        topo = self.topo
        log(
            f"private PostgreSQL on {topo.pg_port}, Redis on {topo.redis_port}, "
            f"gunicorn on {topo.http_port}; files in {topo.tmp}"
        )
        topo.start_database()
        topo.start_redis()
        topo.manage("migrate", "--noinput")
        try:
            topo.manage("seed_demo")
        except RuntimeError as exc:
            self.defect(f"`manage.py seed_demo` failed: {str(exc).strip().splitlines()[-1]}")
            topo.script("faults/seed.py", "seed_demo")
        out = topo.script("faults/seed.py", str(OWNERS), str(LISTINGS), str(FIRST_LISTING))
        devices = dict(line.split()[1:3] for line in out.splitlines() if line.startswith("device "))
        log(f"migrated; seeded demo data, {OWNERS} more owners and {LISTINGS} listings")
        topo.start_app()
        emails = ["owner@demo.ipp"] + [f"owner{n}@faults.ipp" for n in range(1, OWNERS + 1)]
        for address in emails:
            owner = Owner(address)
            try:
                sign_in(self.web, topo.mail_dir, owner)
            except RuntimeError as exc:
                self.defect(f"API sign-in with unlock code failed: {exc}")
                owner.device_token = devices[address]
                sign_in(self.web, topo.mail_dir, owner)
            self.owners.append(owner)
        session = web_session(self.web, self.owners[0])
        log(
            f"{len(self.owners)} owners signed in through the API (unlock codes read from the "
            f"mail files); browser session: {'yes' if session else 'no'}"
        )

    def smoke(self) -> None:
        owner = self.owners[0]
        answer = self.file(owner, self.listings.take(20), "faults:smoke")
        ids = {pk for pks in self.ids_by_tag("faults:smoke").values() for pk in pks}
        took = self.wait_validated(ids, time.monotonic(), 60)
        log(
            f"smoke: filing answered {answer.status}; complaint(s) {sorted(ids)} left "
            f"validating after {took if took is None else round(took, 1)}s: {self.statuses(ids)}"
        )
        if answer.status != 201:
            self.defect(
                f"filing a complaint answers {answer.status} "
                f"({answer.body[:120].decode(errors='replace')}) although it was saved"
                if ids
                else f"filing a complaint answers {answer.status}"
            )

    # --- shared bookkeeping ------------------------------------------------------------------
    def finish(
        self,
        result: Result,
        tags: dict[str, Answer],
        since: float,
        limit: float,
        outbox_empty: bool,
    ) -> None:
        """Find the complaints the filings created (by their tag, whatever the answer was), wait
        for them, and fill in lost / stuck / duplicated / recovery."""
        found = self.ids_by_tag(result.name_tag)
        result.complaint_ids = {pk for pks in found.values() for pk in pks}
        statuses = Counter(a.kind for a in tags.values())
        result.five_xx = statuses.get("5xx", 0)
        accepted = [t for t, a in tags.items() if a.status == 201]
        refused_but_saved = [
            t for t, a in tags.items() if a.status is not None and a.status >= 500 and t in found
        ]
        answered_201_missing = [t for t in accepted if t not in found]
        took = self.wait_validated(result.complaint_ids, since, limit, outbox_empty)
        result.recovery = took
        lost, stuck, which = self.lost_and_stuck(result.complaint_ids)
        result.lost = lost + len(answered_201_missing)
        result.stuck = stuck
        twice, outcome_twice = (
            self.duplicates(result.complaint_ids) if result.complaint_ids else (0, 0)
        )
        result.duplicated += twice + outcome_twice
        result.notes.append(
            "answers: "
            + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
            + f"; complaints saved {len(result.complaint_ids)} of {len(tags)} filings"
        )
        if refused_but_saved:
            result.notes.append(
                f"{len(refused_but_saved)} filings answered 5xx were saved anyway "
                "(the client cannot know; a retry files twice)"
            )
        if answered_201_missing:
            result.notes.append(f"{len(answered_201_missing)} answered 201 but not in the database")
        if lost or stuck:
            result.notes.append(
                f"still validating after {limit:.0f}s: {sorted(which)[:10]} "
                f"(lost {lost}, stuck with work pending {stuck})"
            )
        if twice or outcome_twice:
            result.notes.append(
                f"listings valid twice for one owner: {twice}; complaints "
                f"validated more than once (audit): {outcome_twice}"
            )
        timed = [a.seconds for a in tags.values()]
        if timed:
            slow = sum(1 for t in timed if t > 5)
            result.notes.append(f"slowest filing answer {max(timed):.1f}s; {slow} over 5s")
        if result.complaint_ids:
            pending_items, flagged = self.query(
                "SELECT count(*) FILTER (WHERE i.status = 'pending' AND c.status <> 'validating'),"
                " count(*) FILTER (WHERE i.status = 'flagged') FROM complaints_complaintitem i "
                "JOIN complaints_complaint c ON c.id = i.complaint_id WHERE c.id = ANY(%s)",
                (list(result.complaint_ids),),
            )[0]
            if pending_items:
                result.notes.append(f"{pending_items} URLs left pending in validated complaints")
            if flagged and not result.name_tag.startswith("faults:s4"):
                result.notes.append(
                    f"{flagged} URLs flagged 'already complained' though every complaint "
                    "here names its own listings"
                )
        pending = self.outbox_pending()
        if outbox_empty and pending:
            result.notes.append(f"outbox still holds {pending} unfinished messages")

    def paced(self, rate: float, seconds: float, work, pool: ThreadPoolExecutor) -> list:
        """Call work(n) `rate` times a second for `seconds`, each call in its own thread, so a
        slow answer does not slow the traffic down. Returns the futures."""
        futures, n, start = [], 0, time.monotonic()
        while time.monotonic() - start < seconds:
            futures.append(pool.submit(work, n))
            n += 1
            time.sleep(max(0.0, start + n / rate - time.monotonic()))
        return futures

    # --- 1. worker kills -----------------------------------------------------------------
    def worker_kills(self, kills: int = 20, complaints: int = 30) -> Result:
        result = Result("1. worker SIGKILL x20")
        result.name_tag = "faults:s1:"
        topo, worker = self.topo, self.topo.worker
        deaths_before = worker.died_on_own
        answers: dict[str, Answer] = {}
        stop = threading.Event()

        def filer() -> None:
            for n in range(complaints):
                owner = self.owners[n % len(self.owners)]
                tag = f"faults:s1:{n}"
                answers[tag] = self.file(owner, self.listings.take(RNG.randint(100, 200)), tag)
                time.sleep(1.5)
            stop.set()

        filing = threading.Thread(target=filer)
        filing.start()
        last_kill, ready = time.monotonic(), topo.worker_ready_count()
        for n in range(kills):
            waited = time.monotonic()
            # after a kill, let the restarted worker come up and take work before the next one
            while n and topo.worker_ready_count() <= ready and time.monotonic() - waited < 8:
                time.sleep(0.1)
            time.sleep(RNG.uniform(0.3, 2.0))
            ready = topo.worker_ready_count()
            worker.expect_death()
            worker.kill(signal.SIGKILL)
            last_kill = time.monotonic()
            time.sleep(0.4)
        filing.join()
        log(
            f"s1: {kills} kills done, filings answered "
            f"{dict(Counter(a.status for a in answers.values()))}; waiting for recovery"
        )
        self.finish(result, answers, last_kill, 180, outbox_empty=False)
        result.notes.append(f"worker died on its own {worker.died_on_own - deaths_before} times")
        return result

    # --- 2. broker outage -----------------------------------------------------------------
    def broker_outage(self, seconds: float = 30) -> Result:
        result = Result(f"2. Redis down {seconds:.0f}s")
        result.name_tag = "faults:s2:"
        answers: dict[str, Answer] = {}
        deaths_before = self.topo.worker.died_on_own

        window: list[float] = []  # [down, back]
        sent: dict[str, float] = {}
        reads: list[tuple[float, Answer]] = []
        owner = self.owners[0]

        def work(n: int) -> None:
            tag = f"faults:s2:{n}"
            sent[tag] = time.monotonic()
            answers[tag] = self.file(self.owners[n % len(self.owners)], self.listings.take(10), tag)
            at = time.monotonic()
            reads.append((at, self.web.call("GET", "/api/v1/complaints/", headers=owner.auth)))

        with ThreadPoolExecutor(max_workers=60) as pool:
            traffic = threading.Thread(target=self.paced, args=(1.5, seconds + 30, work, pool))
            traffic.start()
            time.sleep(12)
            self.topo.stop_redis()
            window.append(time.monotonic())
            log("s2: Redis stopped")
            time.sleep(seconds)
            self.topo.start_redis()
            back = time.monotonic()
            window.append(back)
            log("s2: Redis started again (empty: no persistence)")
            traffic.join()
        self.finish(result, answers, back, 150, outbox_empty=True)
        during = sorted(answers[t].seconds for t, at in sent.items() if window[0] <= at < back)
        if during:
            result.notes.append(
                f"{len(during)} filings sent while Redis was down: answer time median "
                f"{during[len(during) // 2]:.1f}s, max {during[-1]:.1f}s"
            )
        slow_reads = sorted(a.seconds for at, a in reads if window[0] <= at < back + 5)
        if slow_reads:
            result.notes.append(
                f"GET /api/v1/complaints/ while Redis was down: {len(slow_reads)} reads, "
                f"max {slow_reads[-1]:.1f}s, statuses "
                + ", ".join(
                    f"{k} {v}"
                    for k, v in sorted(
                        Counter(a.kind for at, a in reads if window[0] <= at < back + 5).items()
                    )
                )
            )
        result.notes.append(
            f"worker died on its own {self.topo.worker.died_on_own - deaths_before} times"
        )
        return result

    # --- 3. database outage ---------------------------------------------------------------
    def database_outage(self, seconds: float = 20) -> Result:
        result = Result(f"3. PostgreSQL down {seconds:.0f}s")
        result.name_tag = "faults:s3:"
        answers: dict[str, Answer] = {}
        reads: list[tuple[str, Answer]] = []
        owner = self.owners[0]
        deaths_before = self.topo.worker.died_on_own

        def work(n: int) -> None:
            tag = f"faults:s3:{n}"
            key = {"Idempotency-Key": f"faults-{os.getpid()}-s3-{n}"}
            answers[tag] = self.file(
                self.owners[n % len(self.owners)], self.listings.take(10), tag, headers=key
            )
            for path, headers in (
                ("/healthz", {}),
                ("/api/v1/complaints/", owner.auth),
                ("/complaints/", cookie_header(owner)),
            ):
                reads.append((path, self.web.call("GET", path, headers=headers)))

        with ThreadPoolExecutor(max_workers=60) as pool:
            traffic = threading.Thread(target=self.paced, args=(1.0, seconds + 25, work, pool))
            traffic.start()
            time.sleep(8)
            self.topo.stop_database()
            log("s3: PostgreSQL stopped")
            time.sleep(seconds)
            self.topo.resume_database()
            back = time.monotonic()
            log("s3: PostgreSQL started again")
            traffic.join()
        by_path: dict[str, Counter] = {}
        for path, answer in reads:
            kind = answer.kind
            if (
                answer.status == 503
                and path.startswith("/api/")
                and (answer.json() or {}).get("code") != "service_unavailable"
            ):
                kind = "5xx"
            if path == "/complaints/" and answer.status == 302:
                kind = "302 (session lost)"
            by_path.setdefault(path, Counter())[kind] += 1
        filings = Counter()
        for answer in answers.values():
            kind = answer.kind
            if kind == "503 clear" and (answer.json() or {}).get("code") != "service_unavailable":
                kind = "5xx"
            filings[kind] += 1
        self.finish(result, answers, back, 150, outbox_empty=True)
        # /healthz is meant to answer 503 while the database is down: not counted as a fault
        result.five_xx = filings.get("5xx", 0) + sum(
            c.get("5xx", 0) for p, c in by_path.items() if p != "/healthz"
        )
        result.notes.append("filings: " + ", ".join(f"{k} {v}" for k, v in sorted(filings.items())))
        self.retry_refused(result, answers)
        for path, counts in by_path.items():
            result.notes.append(
                f"GET {path}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            )
        result.notes.append(
            f"worker died on its own {self.topo.worker.died_on_own - deaths_before} times"
        )
        return result

    def retry_refused(self, result: Result, answers: dict[str, Answer]) -> None:
        """What a well-behaved client does after the outage: send each filing that was not
        answered 201 again, with the same body and Idempotency-Key. Every filing must then exist
        exactly once."""
        refused = [t for t, a in answers.items() if a.status != 201]
        retried = Counter()
        for tag in refused:
            owner, urls, headers = self.bodies[tag]
            retried[self.file(owner, urls, tag, headers=headers).status] += 1
        found = self.ids_by_tag(result.name_tag)
        twice = sum(1 for t in answers if len(found.get(t, [])) > 1)
        missing = sum(1 for t in answers if not found.get(t))
        result.duplicated += twice
        ids = {pk for pks in found.values() for pk in pks}
        took = self.wait_validated(ids, time.monotonic(), 90, outbox_empty=True)
        lost, stuck, _which = self.lost_and_stuck(ids)
        result.lost += lost
        result.stuck += stuck
        result.complaint_ids |= ids
        result.notes.append(
            f"retried {len(refused)} refused filings with the same Idempotency-Key after "
            "recovery: "
            + ", ".join(f"{k} {v}" for k, v in sorted(retried.items(), key=str))
            + f"; filings saved twice {twice}, never saved {missing}; retries validated "
            + ("never" if took is None else f"in {took:.1f}s")
        )

    # --- 4. double submits ----------------------------------------------------------------
    def double_submits(self, pairs: int = 50) -> Result:
        result = Result(f"4. {pairs} double submits")
        result.name_tag = "faults:s4:"
        answers: dict[str, Answer] = {}
        pair_answers: dict[int, list[Answer]] = {}
        started = time.monotonic()

        def pair(n: int) -> None:
            owner = self.owners[n % len(self.owners)]
            urls, tag = self.listings.take(10), f"faults:s4:{n}"
            key = {"Idempotency-Key": f"faults-{os.getpid()}-{n}"}
            barrier = threading.Barrier(2)

            def one(_i: int) -> Answer:
                barrier.wait()
                return self.file(owner, urls, tag, headers=key)

            with ThreadPoolExecutor(max_workers=2) as two:
                got = list(two.map(one, range(2)))
            pair_answers[n] = got
            answers[tag] = got[0] if got[0].status == 201 else got[1]

        with ThreadPoolExecutor(max_workers=10) as pool:
            list(pool.map(pair, range(pairs)))
        found = self.ids_by_tag(result.name_tag)
        two_complaints = sum(1 for pks in found.values() if len(pks) > 1)
        result.duplicated = two_complaints
        statuses = Counter(a.status for got in pair_answers.values() for a in got)
        both_201 = sum(1 for got in pair_answers.values() if all(a.status == 201 for a in got))
        same_id = sum(
            1
            for got in pair_answers.values()
            if all(a.status == 201 for a in got)
            and len({(a.json() or {}).get("id") for a in got}) == 1
        )
        replays = Counter()
        for n, got in pair_answers.items():
            first = next((a for a in got if a.status == 201), None)
            owner, urls, headers = self.bodies[f"faults:s4:{n}"]
            again = self.file(owner, urls, f"faults:s4:{n}", headers=headers)
            same = first is not None and (again.json() or {}).get("id") == first.json().get("id")
            replays[f"{again.status}{' same complaint' if same else ''}"] += 1
        self.finish(result, answers, started, 120, outbox_empty=False)
        result.notes.append(
            "the same POST and key once more after both answers: "
            + ", ".join(f"{k} {v}" for k, v in sorted(replays.items()))
        )
        found = self.ids_by_tag(result.name_tag)
        result.duplicated = sum(1 for pks in found.values() if len(pks) > 1)
        result.five_xx = sum(1 for got in pair_answers.values() for a in got if a.kind == "5xx")
        result.notes.insert(
            0,
            f"answers of the {2 * pairs} POSTs: "
            + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items(), key=lambda kv: str(kv))),
        )
        result.notes.insert(
            1,
            f"pairs that produced two complaints: {two_complaints}; pairs "
            f"answered 201 twice: {both_201} (same complaint id: {same_id})",
        )
        return result

    # --- emails ---------------------------------------------------------------------------
    def emails(self) -> tuple[int, int, int]:
        """(complaints validated, validated emails lost, duplicated) over the whole run."""
        start = time.monotonic()
        while self.outbox_pending() and time.monotonic() - start < 60:
            time.sleep(1)
        time.sleep(2)
        counts = validated_mail_counts(self.topo.mail_dir)
        ids = set().union(*(r.complaint_ids for r in self.results)) if self.results else set()
        done = self.query(
            "SELECT id FROM complaints_complaint WHERE id = ANY(%s) AND validated_at IS NOT NULL",
            (list(ids),),
        )
        done_ids = {r[0] for r in done}
        lost = sorted(i for i in done_ids if counts.get(i, 0) == 0)
        dup = sorted(i for i in done_ids if counts.get(i, 0) > 1)
        for result in self.results:
            mine = result.complaint_ids & done_ids
            result.notes.append(
                f"'complaint validated' emails: {len(mine)} validated, "
                f"{len([i for i in lost if i in mine])} without email, "
                f"{len([i for i in dup if i in mine])} with more than one"
            )
        return len(done_ids), len(lost), len(dup)

    def table(self, mails: tuple[int, int, int]) -> None:
        head = f"{'scenario':<26}{'lost':>6}{'stuck':>7}{'dup':>6}{'5xx':>6}{'recovery':>11}"
        print("\n" + head + "\n" + "-" * len(head))
        for r in self.results:
            rec = "never" if r.recovery is None else f"{r.recovery:.1f}s"
            print(f"{r.name:<26}{r.lost:>6}{r.stuck:>7}{r.duplicated:>6}{r.five_xx:>6}{rec:>11}")
        print(
            f"{'emails (whole run)':<26}{mails[1]:>6}{'':>7}{mails[2]:>6}{'':>6}{'':>11}"
            f"   ({mails[0]} complaints validated)"
        )
        print()
        for r in self.results:
            print(r.name)
            for note in r.notes:
                print(f"  - {note}")
        stats = self.try_query(
            "SELECT count(*), count(*) FILTER (WHERE completed_at IS NULL), "
            "coalesce(max(dispatch_count), 0), count(*) FILTER (WHERE attempts > 1), "
            "count(*) FILTER (WHERE last_error <> '') FROM core_outboxmessage"
        )
        if stats:
            total, open_, most, again, errors = stats[0]
            print(
                f"outbox: {total} messages, {open_} unfinished, at most {most} dispatches of one, "
                f"{again} run more than once, {errors} with an error recorded"
            )
        worker = self.topo.worker
        print(
            f"worker: died on its own {worker.died_on_own} times in the whole run, "
            f"restarted {worker.restarts} times"
        )
        if self.defects:
            print("defects seen:")
            for text in self.defects:
                print(f"  - {text}")


def main() -> int:
    keep = os.environ.get("FAULTS_KEEP") == "1"
    topo = Topology()

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    run = Run(topo)
    started = time.monotonic()
    try:
        run.setup()
        run.smoke()
        wanted = os.environ.get("FAULTS_ONLY", "1234")
        for key, scenario in (
            ("1", run.worker_kills),
            ("2", run.broker_outage),
            ("3", run.database_outage),
            ("4", run.double_submits),
        ):
            if key in wanted:
                log(f"scenario {key} ...")
                run.results.append(scenario())
        run.table(run.emails())
    except KeyboardInterrupt as exc:
        log(f"interrupted: {exc}")
    finally:
        log("stopping everything this run started")
        topo.teardown(keep=keep)
        if keep:
            log(f"kept {topo.tmp}")
    log(f"total {time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
