"""`make bench`: seed (once), serve the production way, measure, report. See bench/__init__.py."""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def _environment(work: Path) -> dict[str, str]:
    """Production settings (DEBUG off, database task queue), plain HTTP on 127.0.0.1."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "false",  # no TLS proxy in front of it here
        "TASKS_BACKEND": "database",
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
        "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        # One API token makes every timed request of the API page: far above a member's 60 a minute.
        # The limit is still counted on each request (its cost is measured), it just never refuses.
        "RATE_LIMIT_API": "1000000/m/key",
        "RATE_LIMIT_SEARCH": "1000000/m/user",  # the same for the member who runs every timed search
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--smoke", action="store_true", help="2,000 tenders, short runs: checks the instrument")
    parser.add_argument("--seed-fresh", action="store_true", help="drop the benchmark data and seed again")
    parser.add_argument("--results", type=Path, help="where the report goes (default: bench/results/)")
    parser.add_argument("--seed-only", action="store_true", help="seed (or check the seeded data) and stop")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Run it through `make bench`, which starts the benchmark's own PostgreSQL.")

    work = Path(tempfile.mkdtemp(prefix="bench-")) if args.smoke else BASE_DIR / ".bench"
    work.mkdir(parents=True, exist_ok=True)
    results = args.results or (work / "results" if args.smoke else BASE_DIR / "bench" / "results")
    environment = _environment(work)
    os.environ.update(environment)
    os.chdir(BASE_DIR)
    sys.path.insert(0, str(BASE_DIR))

    import django

    django.setup()
    from bench import measure, report
    from bench.seed import Volume

    volume = Volume.smoke() if args.smoke else Volume.full()
    seeding = measure.prepare_database(volume, fresh=args.seed_fresh or args.smoke, progress=progress)
    if args.seed_only:
        return 0
    progress("collecting static files")
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)

    port = _free_port()
    env = {**os.environ, **environment}
    logs = (work / "gunicorn.log").open("ab")
    progress(f"starting gunicorn (3 workers, DEBUG off) on 127.0.0.1:{port} and the task worker")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "buyersgroup.wsgi", "--workers", "3",
         "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--no-control-socket"],
        env=env, stdout=logs, stderr=logs,
    )
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker"], env=env, stdout=logs, stderr=logs)
    # This process measures pages too (their CPU time, their statements): in the state of a server's
    # worker, what is loaded moved out of the garbage collector's sight as buyersgroup.wsgi does.
    # Otherwise a full collection over ~160,000 objects (80 ms) lands in one of a page's 20 views.
    import buyersgroup.wsgi  # noqa: F401

    try:
        measure.wait_until_up(port, server)
        figures = measure.run(port, server.pid, volume, work, smoke=args.smoke, progress=progress)
    finally:
        for process in (worker, server):
            process.terminate()
        for process in (worker, server):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    figures["seeding"] = seeding
    text = report.write(figures, results, smoke=args.smoke)
    print(text, flush=True)
    progress(f"report written to {report.last_written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
