"""The production topology on this machine, every process started (and ended, by pid) here: a
private PostgreSQL cluster, a private Redis, gunicorn, a supervised Celery worker and beat. Only
127.0.0.1 is used; the shared PostgreSQL (5432) and Redis (6379) are never touched."""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PG_VERSION = "15"
CLUSTER = "ippfaults"
SHARED_PORTS = {5432, 6379}


def free_port(preferred: int) -> int:
    for port in [preferred, *range(preferred + 1, preferred + 200)]:
        if port in SHARED_PORTS:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port near {preferred}")


def wait_for(check, timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except Exception:  # noqa: S110 - still coming up
            pass
        time.sleep(step)
    return False


class Proc:
    """One started process in its own session, so it and its children end together."""

    def __init__(self, name: str, argv: list[str], env: dict, log: Path):
        self.name, self.argv, self.env, self.log = name, argv, env, log
        self.popen: subprocess.Popen | None = None

    def start(self) -> None:
        out = open(self.log, "ab")  # noqa: SIM115 - handed to the child
        self.popen = subprocess.Popen(  # noqa: S603
            self.argv,
            env=self.env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        out.close()

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen else None

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the process group this process leads (it and its children)."""
        if self.popen is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)

    def stop(self, timeout: float = 10) -> None:
        if self.popen is None:
            return
        if self.alive():
            self.kill(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout)
        self.kill(signal.SIGKILL)  # stragglers of the group, if any
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(5)


class Supervised(Proc):
    """A process restarted when it exits, like docker's `restart: always`. Deaths we cause are
    announced with `expect_death()`; the others are counted in `died_on_own`."""

    def __init__(self, *args, restart_delay: float = 0.5, **kwargs):
        super().__init__(*args, **kwargs)
        self.restart_delay = restart_delay
        self.died_on_own = 0
        self.restarts = 0
        self.starts: list[float] = []
        self._expected = 0
        self._stopping = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> None:
        super().start()
        self.starts.append(time.monotonic())
        if not self._thread.is_alive():
            self._thread.start()

    def expect_death(self) -> None:
        with self._lock:
            self._expected += 1

    def _watch(self) -> None:
        while not self._stopping:
            time.sleep(0.2)
            if self._stopping or self.alive():
                continue
            self.kill(signal.SIGKILL)  # orphans of the old group
            with self._lock:
                if self._expected:
                    self._expected -= 1
                else:
                    self.died_on_own += 1
                    with open(self.log, "a") as fh:
                        fh.write(
                            f"\n[faults] {self.name} exited on its own "
                            f"(code {self.popen.returncode})\n"
                        )
            time.sleep(self.restart_delay)
            if not self._stopping:
                self.restarts += 1
                super().start()
                self.starts.append(time.monotonic())

    def stop(self, timeout: float = 10) -> None:
        self._stopping = True
        self._thread.join(2) if self._thread.is_alive() else None
        super().stop(timeout)


class Topology:
    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="ippfaults-"))
        self.var = self.tmp / "var"
        self.logs = self.tmp / "logs"
        self.var.mkdir()
        self.logs.mkdir()
        self.pg_port = free_port(55433)
        self.redis_port = free_port(56379)
        self.http_port = free_port(58000)
        self.procs: dict[str, Proc] = {}
        self.cluster_created = False
        self.dsn = f"postgres://postgres@127.0.0.1:{self.pg_port}/ipp"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "CELERY"))},
            "DATABASE_URL": self.dsn,
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/1",
            "IPP_VAR_DIR": str(self.var),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Production settings over plain http on loopback: no https redirect, cookies sent.
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OUTBOX_RECONCILE_SECONDS": "5",
            "OUTBOX_REDISPATCH_AFTER": "20",
            "CELERY_VISIBILITY_TIMEOUT": "60",
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("IPP_REQUIRE_SERVICES", None)
        self.env.pop("IPP_LOCAL", None)  # `make faults` exports it; this stack is production's

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def mail_dir(self) -> Path:
        return self.var / "mail"

    # --- PostgreSQL ------------------------------------------------------------------------
    def _pg(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(argv, capture_output=True, text=True, check=check)  # noqa: S603

    def cluster_exists(self) -> bool:
        out = self._pg("pg_lsclusters", "--no-header", check=False).stdout
        return any(line.split()[:2] == [PG_VERSION, CLUSTER] for line in out.splitlines())

    def start_database(self) -> None:
        if self.cluster_exists():  # left over by an interrupted run
            self._pg("pg_dropcluster", "--stop", PG_VERSION, CLUSTER)
        self._pg(
            "pg_createcluster", PG_VERSION, CLUSTER, "-p", str(self.pg_port), "--", "--auth=trust"
        )
        self.cluster_created = True
        self._pg("pg_ctlcluster", PG_VERSION, CLUSTER, "start")
        if not wait_for(lambda: self.db(dbname="postgres") is not None, 30):
            raise RuntimeError("private PostgreSQL did not come up")
        conn = self.db(dbname="postgres")
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("CREATE DATABASE ipp")
        conn.close()

    def stop_database(self) -> None:
        self._pg("pg_ctlcluster", PG_VERSION, CLUSTER, "stop", "-m", "fast", check=False)

    def resume_database(self) -> None:
        self._pg("pg_ctlcluster", PG_VERSION, CLUSTER, "start", check=False)

    def db(self, dbname: str = "ipp"):
        return psycopg2.connect(
            host="127.0.0.1", port=self.pg_port, user="postgres", dbname=dbname, connect_timeout=3
        )

    # --- Redis -----------------------------------------------------------------------------
    def start_redis(self) -> None:
        proc = Proc(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            self.env,
            self.logs / "redis.log",
        )
        proc.start()
        self.procs["redis"] = proc
        if not wait_for(lambda: socket.create_connection(("127.0.0.1", self.redis_port), 1), 10):
            raise RuntimeError("private Redis did not come up")

    def stop_redis(self) -> None:
        self.procs["redis"].stop()

    # --- Django ----------------------------------------------------------------------------
    def manage(self, *argv: str) -> str:
        done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [str(VENV_BIN / "python"), "manage.py", *argv],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(argv)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def script(self, *argv: str) -> str:
        done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [str(VENV_BIN / "python"), *argv],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def start_app(self) -> None:
        gunicorn = Proc(
            "gunicorn",
            [
                str(VENV_BIN / "gunicorn"),
                "ipp.wsgi:application",
                "--workers",
                "3",
                "--bind",
                f"127.0.0.1:{self.http_port}",
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
            ],
            self.env,
            self.logs / "gunicorn.log",
        )
        gunicorn.start()
        self.procs["gunicorn"] = gunicorn
        worker = Supervised(
            "worker",
            [
                str(VENV_BIN / "celery"),
                "-A",
                "ipp",
                "worker",
                "--concurrency",
                "4",
                "--loglevel",
                "INFO",
                "--hostname",
                f"faults@{socket.gethostname()}",
            ],
            self.env,
            self.logs / "worker.log",
        )
        worker.start()
        self.procs["worker"] = worker
        beat = Supervised(
            "beat",
            [
                str(VENV_BIN / "celery"),
                "-A",
                "ipp",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(self.var / "celerybeat-schedule"),
            ],
            self.env,
            self.logs / "beat.log",
        )
        beat.start()
        self.procs["beat"] = beat
        import urllib.request

        def up() -> bool:
            with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=3):  # noqa: S310
                return True

        if not wait_for(up, 60, 0.5):
            # /healthz answers 503 when something is degraded; any answer means gunicorn is up
            import urllib.error

            try:
                urllib.request.urlopen(f"{self.base_url}/healthz", timeout=3)  # noqa: S310
            except urllib.error.HTTPError:
                return
            raise RuntimeError("gunicorn did not answer /healthz")

    @property
    def worker(self) -> Supervised:
        return self.procs["worker"]  # type: ignore[return-value]

    def worker_ready_count(self) -> int:
        """How many times a worker said it is ready (celery's 'ready.' line)."""
        try:
            return (self.logs / "worker.log").read_text(errors="replace").count(" ready.")
        except OSError:
            return 0

    # --- the end ---------------------------------------------------------------------------
    def teardown(self, keep: bool = False) -> None:
        for name in ("gunicorn", "beat", "worker", "redis"):
            proc = self.procs.get(name)
            if proc is not None:
                proc.stop()
        if self.cluster_created or self.cluster_exists():
            self._pg("pg_dropcluster", "--stop", PG_VERSION, CLUSTER, check=False)
        if not keep:
            shutil.rmtree(self.tmp, ignore_errors=True)
