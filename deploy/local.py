"""The topology of deploy/compose.yaml as processes on this machine, for trying a deployment and for
the tests and the load run: PostgreSQL (Debian's package, a new cluster in a temporary folder), a
Chroma server (`chroma run`), the index built on it once (`regqa index`), N API replicas
(`regqa serve`) and the Streamlit app, every one on a free loopback port.

    python -m deploy.local                      # PostgreSQL, Chroma, 2 replicas, the app; Ctrl-C stops all
    python -m deploy.local --replicas 2 --no-app --rate-limit 100000/minute   # what eval/load_api.py runs
    python -m deploy.local --sqlite             # one SQLite file instead of PostgreSQL

When every service answers it prints one JSON line on stdout: {"database_url", "chroma", "replicas":
[urls], "app": url or null, "api_key", "logs"}. It runs until SIGTERM, SIGINT or the end of its
standard input (with --stop-on-eof), then stops everything it started and removes its folder. Each replica has its own
index folder (for its caches), as a container would: what they share is the Chroma server and the
database.
"""

from __future__ import annotations

import argparse
import ctypes
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import psycopg

from assistant import keys
from deploy.waiting import answers_http, wait_until

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PR_SET_PDEATHSIG = 1  # prctl(2)


class Unavailable(RuntimeError):
    """A service this machine cannot run (e.g. PostgreSQL is not installed)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin() -> Path | None:
    """The folder of PostgreSQL's server programs: Debian keeps them off PATH, per version."""
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if versions:
        return Path(versions[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _dies_with_parent(sig: int):
    """Linux: the child is sent `sig` when the process that started it ends, however it ends (even
    killed outright), so that no server outlives this script."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    return lambda: libc.prctl(PR_SET_PDEATHSIG, sig)


class Service:
    """A child process with its output in a log file, waited for until it answers."""

    def __init__(self, name: str, cmd: list[str], logs: Path, env: dict | None = None, user: str | None = None,
                 stop_signal: int = signal.SIGTERM):
        self.name, self.stop_signal = name, stop_signal
        self.log_path = logs / f"{name}.log"
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     env=env, user=user, cwd=ROOT, preexec_fn=_dies_with_parent(stop_signal))

    def tail(self, chars: int = 3000) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-chars:]

    def wait_until(self, ready, timeout_s: float) -> None:
        wait_until(ready, timeout_s, proc=self.proc, name=self.name, tail=self.tail)

    def wait_http(self, url: str, timeout_s: float) -> None:
        self.wait_until(lambda: answers_http(url), timeout_s)

    def stop(self, timeout_s: float = 15) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(self.stop_signal)
            try:
                self.proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()


class Postgres:
    """A new PostgreSQL cluster in a temporary folder, on a loopback port, trusting local connections.

    The server refuses to run as root, so under root it runs as Debian's `postgres` user, in a folder
    of its own under the system's temporary folder (other users cannot reach into root's)."""

    def __init__(self, logs: Path, port: int | None = None):
        self.logs, self.port = logs, port or free_port()
        self.folder: Path | None = None
        self.service: Service | None = None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://regqa@127.0.0.1:{self.port}/regqa"

    def start(self, timeout_s: float = 60) -> str:
        bin_dir = pg_bin()
        if bin_dir is None:
            raise Unavailable("PostgreSQL is not installed (Debian's postgresql package; scripts/system-deps.sh "
                              "installs it as root)")
        user = "postgres" if os.geteuid() == 0 else None
        self.folder = Path(tempfile.mkdtemp(prefix="regqa-pg-"))
        if user:
            shutil.chown(self.folder, user)
        data = self.folder / "data"
        init = subprocess.run([str(bin_dir / "initdb"), "-D", str(data), "-U", "regqa", "--auth=trust", "-E", "UTF8",
                               "--locale=C", "--no-sync"], user=user, capture_output=True, text=True, timeout=120)
        if init.returncode != 0:
            raise Unavailable(f"initdb failed: {init.stderr[-2000:]}")
        self.service = Service("postgres", [str(bin_dir / "postgres"), "-D", str(data), "-p", str(self.port),
                                            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
                                            "-c", "max_connections=200"], self.logs, user=user,
                                stop_signal=signal.SIGINT)  # PostgreSQL's fast shutdown

        def accepts() -> bool:
            try:
                with psycopg.connect(host="127.0.0.1", port=self.port, user="regqa", dbname="postgres",
                                     connect_timeout=2, autocommit=True) as conn:
                    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'regqa'").fetchone():
                        conn.execute("CREATE DATABASE regqa")
                return True
            except psycopg.OperationalError:
                return False

        self.service.wait_until(accepts, timeout_s)
        return self.url

    def stop(self) -> None:
        if self.service is not None:
            self.service.stop()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


class Topology:
    """Everything deploy/compose.yaml describes, started in order and stopped in reverse."""

    def __init__(self, folder: Path, replicas: int = 2, app: bool = True, sqlite: bool = False,
                 rate_limit: str | None = None, say=lambda _m: None):
        self.folder, self.replicas, self.with_app, self.sqlite = folder, replicas, app, sqlite
        self.rate_limit, self.say = rate_limit, say
        self.logs = folder / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.postgres: Postgres | None = None
        self.services: list[Service] = []
        self.shared_env: dict[str, str] = {}
        self.info: dict = {}

    def _env(self, **extra: str) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("REGQA_")}
        return {**env, **self.shared_env, **extra}

    def start(self) -> dict:
        if self.sqlite:
            database_url = f"sqlite:///{self.folder / 'regqa.sqlite3'}"
        else:
            self.say("starting PostgreSQL")
            self.postgres = Postgres(self.logs)
            database_url = self.postgres.start()
        self.say("starting the Chroma server")
        chroma_port = free_port()
        chroma = Service("chroma", [str(BIN / "chroma"), "run", "--path", str(self.folder / "chroma"),
                                    "--host", "127.0.0.1", "--port", str(chroma_port)], self.logs)
        self.services.append(chroma)
        chroma.wait_http(f"http://127.0.0.1:{chroma_port}/api/v2/heartbeat", 60)
        api_key = keys.new_key()
        self.shared_env = {"REGQA_DATABASE_URL": database_url, "REGQA_CHROMA_HOST": "127.0.0.1",
                           "REGQA_CHROMA_PORT": str(chroma_port), "REGQA_API_KEYS": json.dumps({"local": keys.hashed(api_key)}),
                           "REGQA_API_STAFF_KEYS": '["local"]'}
        if self.rate_limit:
            self.shared_env["REGQA_API_RATE_LIMIT"] = self.rate_limit
        self.say("building the index on the Chroma server")
        index = subprocess.run([str(BIN / "regqa"), "index", "--json"], env=self._env(REGQA_INDEX_DIR=str(self.folder / "index-build")),
                               cwd=ROOT, capture_output=True, text=True, timeout=600)
        if index.returncode != 0:
            raise RuntimeError(f"regqa index failed: {index.stderr[-3000:]}")
        urls = []
        for n in range(1, self.replicas + 1):
            port = free_port()
            env = self._env(REGQA_INDEX_DIR=str(self.folder / f"index-api-{n}"), REGQA_REPLICA=f"api-{n}")
            self.services.append(Service(f"api-{n}", [str(BIN / "regqa"), "serve", "--host", "127.0.0.1",
                                                      "--port", str(port)], self.logs, env=env))
            urls.append(f"http://127.0.0.1:{port}")
        app_url = None
        if self.with_app:
            port = free_port()
            env = self._env(REGQA_INDEX_DIR=str(self.folder / "index-app"))
            self.services.append(Service("app", [str(BIN / "streamlit"), "run", "app.py", "--server.port", str(port),
                                                 "--server.address", "127.0.0.1", "--server.headless", "true",
                                                 "--browser.gatherUsageStats", "false"], self.logs, env=env))
            app_url = f"http://127.0.0.1:{port}"
        self.say("waiting for the replicas" + (" and the app" if app_url else ""))
        for service, url in zip([s for s in self.services if s.name.startswith("api-")], urls):
            service.wait_http(f"{url}/healthz", 180)
        if app_url:
            self.services[-1].wait_http(f"{app_url}/_stcore/health", 180)
        self.info = {"database_url": database_url, "chroma": f"http://127.0.0.1:{chroma_port}", "replicas": urls,
                     "app": app_url, "api_key": api_key, "logs": str(self.logs)}
        return self.info

    def stop(self) -> None:
        for service in reversed(self.services):
            service.stop()
        if self.postgres is not None:
            self.postgres.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--no-app", action="store_true", help="no Streamlit app")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead of PostgreSQL")
    parser.add_argument("--rate-limit", help="REGQA_API_RATE_LIMIT for the replicas, e.g. 100000/minute for a load run")
    parser.add_argument("--folder", type=Path, help="keep state and logs here (default: a temporary folder, removed)")
    parser.add_argument("--stop-on-eof", action="store_true",
                        help="also stop at the end of standard input (so that a parent that dies takes it along)")
    args = parser.parse_args(argv)

    def say(message: str) -> None:
        sys.stderr.write(f"deploy.local: {message}\n")
        sys.stderr.flush()

    folder = args.folder or Path(tempfile.mkdtemp(prefix="regqa-deploy-"))
    topology = Topology(folder, args.replicas, not args.no_app, args.sqlite, args.rate_limit, say)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    if args.stop_on_eof:
        threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    try:
        info = topology.start()
        print(json.dumps(info), flush=True)
        say("ready; SIGTERM, Ctrl-C or the end of input stops everything")
        stop.wait()
    except (Unavailable, RuntimeError, TimeoutError) as exc:
        say(f"error: {exc}")
        return 1
    finally:
        say("stopping")
        topology.stop()
        if args.folder is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
