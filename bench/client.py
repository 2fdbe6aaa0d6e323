"""A small HTTP load client (standard library only: nothing to install or pin).

Only ever pointed at 127.0.0.1; every loop is bounded by a request count or a duration.
"""

from __future__ import annotations

import http.client
import itertools
import statistics
import threading
import time
from dataclasses import dataclass, field


# In a measured path, a number no request of this run had before: a search whose counts no app
# server keeps yet (buyersgroup.search.service), as on its first view.
FIRST_VIEW = "{n}"
_numbers = itertools.count(1)
# In a measured path, a page number no request of this run had before (2, 3, ...): a page of a
# search whose counts are kept, but not that page's rows (buyersgroup.search.service.KeptPages).
NEW_PAGE = "{page}"
_pages = itertools.count(2)


def first_view(path: str) -> str:
    """The path of one request, its ``FIRST_VIEW`` and ``NEW_PAGE`` placeholders (if any) made new numbers."""
    if FIRST_VIEW in path:
        path = path.replace(FIRST_VIEW, str(next(_numbers)))
    if NEW_PAGE in path:
        path = path.replace(NEW_PAGE, str(next(_pages)))
    return path


@dataclass
class Timings:
    durations_ms: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    def percentile(self, p: float) -> float:
        if not self.durations_ms:
            return float("nan")
        ordered = sorted(self.durations_ms)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[index]

    @property
    def p50(self) -> float:
        return statistics.median(self.durations_ms) if self.durations_ms else float("nan")

    @property
    def p95(self) -> float:
        return self.percentile(95)

    @property
    def p99(self) -> float:
        return self.percentile(99)


class Client:
    def __init__(self, port: int, cookies: dict[str, str] | None = None, headers: dict[str, str] | None = None):
        self.port = port
        self.cookies = dict(cookies or {})
        self.extra = dict(headers or {})  # sent with every request, e.g. an API token
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def _headers(self, extra=None) -> dict[str, str]:
        headers = {"Host": "127.0.0.1", "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(self.extra)
        headers.update(extra or {})
        return headers

    def request(self, method: str, path: str, body=None, headers=None) -> tuple[int, bytes, http.client.HTTPResponse]:
        try:
            self.connection.request(method, path, body=body, headers=self._headers(headers))
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # gunicorn's sync workers close after each response: reconnect once
            self.connection.request(method, path, body=body, headers=self._headers(headers))
            response = self.connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response.status, data, response

    def get(self, path: str) -> tuple[int, bytes]:
        status, data, _ = self.request("GET", path)
        return status, data


def sequential(port: int, cookies: dict[str, str], path: str, count: int, warmup: int,
               headers: dict[str, str] | None = None) -> Timings:
    """One client, one request after the other: latency without queueing."""
    client = Client(port, cookies, headers)
    for _ in range(warmup):
        client.get(first_view(path))
    timings = Timings()
    for _ in range(count):
        started = time.perf_counter()
        try:
            status, _ = client.get(first_view(path))
        except (http.client.HTTPException, OSError):
            timings.errors += 1
            continue
        timings.durations_ms.append((time.perf_counter() - started) * 1000)
        timings.statuses[status] = timings.statuses.get(status, 0) + 1
        if status != 200:
            timings.errors += 1
    return timings


def concurrent(port: int, cookies: dict[str, str], path: str, clients: int, seconds: float) -> tuple[Timings, float]:
    """``clients`` clients in a closed loop for ``seconds``: (timings, requests per second)."""
    timings = Timings()
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def run():
        client = Client(port, cookies)
        local = Timings()
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                status, _ = client.get(first_view(path))
            except (http.client.HTTPException, OSError):
                local.errors += 1
                continue
            local.durations_ms.append((time.perf_counter() - started) * 1000)
            local.statuses[status] = local.statuses.get(status, 0) + 1
            if status != 200:
                local.errors += 1
        with lock:
            timings.durations_ms += local.durations_ms
            timings.errors += local.errors
            for status, n in local.statuses.items():
                timings.statuses[status] = timings.statuses.get(status, 0) + n

    started = time.perf_counter()
    threads = [threading.Thread(target=run) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return timings, len(timings.durations_ms) / elapsed
