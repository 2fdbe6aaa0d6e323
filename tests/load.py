"""Simulated members for the load test (`make loadtest`: 60 s; the test suite runs 10 s).

Each member is a thread with its own session doing a realistic mix: browse the
list, open a tender, download a document (through its presigned URL), save a new
draft, and now and then log out and in again. Every request's time is measured;
every answer that is not the expected one is an error; every draft that was
answered "saved" is remembered, to check afterwards that it is in the database.
"""

from __future__ import annotations

import random
import statistics
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field

from tests.processes import PASSWORD, Browser


@dataclass
class Results:
    timings: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    saved_titles: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, action: str, seconds: float, error: str | None = None):
        with self.lock:
            self.timings.append(seconds)
            self.counts[action] = self.counts.get(action, 0) + 1
            if error:
                self.errors.append(f"{action}: {error}")

    def percentile(self, p: float) -> float:
        ordered = sorted(self.timings)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0

    def summary(self) -> str:
        total, seconds = len(self.timings), self.elapsed
        return (
            f"{total} requests ({total / seconds:.1f}/s over the {seconds:.0f} s together), {len(self.errors)} errors, "
            f"{len(self.saved_titles)} drafts saved; "
            f"p50 {self.percentile(50) * 1000:.0f} ms, p95 {self.percentile(95) * 1000:.0f} ms, "
            f"p99 {self.percentile(99) * 1000:.0f} ms, max {max(self.timings, default=0) * 1000:.0f} ms; "
            f"mean {statistics.fmean(self.timings) * 1000 if total else 0:.0f} ms; "
            + ", ".join(f"{action} {count}" for action, count in sorted(self.counts.items()))
        )


def draft_fields(title: str) -> dict:
    return {
        "title": title,
        "summary": "Load test draft: refurbished monitors with a take-back clause.",
        "language": "nl",
        "contract_type": "supplies",
        "procedure_type": "open",
        "stage": "planned",
        "criteria-TOTAL_FORMS": "0",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "suppliers-TOTAL_FORMS": "0",
        "suppliers-INITIAL_FORMS": "0",
    }


class SimulatedMember(threading.Thread):
    # Logging in costs a password hash (PBKDF2, about half a second of CPU): rarer than the rest.
    MIX = [("browse", 30), ("open", 30), ("download", 15), ("save_draft", 20), ("log_out_and_in", 3)]

    def __init__(self, base_url, email, tenders, documents, results, start, seed):
        super().__init__(daemon=True)
        # Each person comes from their own address, as behind the production proxy (documentation
        # range: only a header value, no traffic goes there), so the per-address login limit
        # counts people, not the whole test.
        self.browser = Browser(base_url, timeout=120, client_address=f"198.51.100.{seed + 1}")
        self.email, self.tenders, self.documents = email, tenders, documents
        self.results, self.start_together = results, start
        self.random = random.Random(seed)

    def timed(self, action, call, expect):
        started = time.monotonic()
        try:
            response = call()
            error = None if response.status in expect else f"HTTP {response.status}"
        except Exception as exc:  # a refused or reset connection is an error like any other
            response, error = None, repr(exc)
        self.results.record(action, time.monotonic() - started, error)
        return response if error is None else None

    def run(self):
        """Log in, wait for the others, then act until the common deadline."""
        self.timed("log_in", lambda: self.browser.post("/accounts/login/", {"login": self.email, "password": PASSWORD}),
                   {302})
        self.start_together.wait()
        actions, weights = zip(*self.MIX)
        while time.monotonic() < self.results.deadline:
            getattr(self, self.random.choices(actions, weights)[0])()

    def browse(self):
        self.timed("browse", lambda: self.browser.get("/tenders/"), {200})

    def open(self):
        self.timed("open", lambda: self.browser.get(self.random.choice(self.tenders)), {200})

    def download(self):
        response = self.timed("download", lambda: self.browser.get(self.random.choice(self.documents)), {302})
        if response is not None:
            started = time.monotonic()
            try:
                with urllib.request.urlopen(response.getheader("Location"), timeout=30) as stored:
                    stored.read()
                error = None
            except Exception as exc:
                error = repr(exc)
            self.results.record("download_file", time.monotonic() - started, error)

    def save_draft(self):
        title = f"Load test draft {uuid.uuid4().hex[:12]}"
        response = self.timed(
            "save_draft", lambda: self.browser.post("/tenders/new/", draft_fields(title)), {302}
        )
        if response is not None:
            with self.results.lock:
                self.results.saved_titles.append(title)

    def log_out_and_in(self):
        self.timed("log_out", lambda: self.browser.post("/accounts/logout/", {}, form_page="/accounts/logout/"),
                   {302})
        self.timed("log_in", lambda: self.browser.post("/accounts/login/", {"login": self.email,
                                                                             "password": PASSWORD}), {302})


def run_load(base_url, emails, tenders, documents, seconds) -> Results:
    """All members log in, then act together for ``seconds``; the figures cover both."""
    results = Results()

    def go():
        results.started = time.monotonic()
        results.deadline = results.started + seconds

    start = threading.Barrier(len(emails), action=go, timeout=600)
    members = [
        SimulatedMember(base_url, email, tenders, documents, results, start, seed)
        for seed, email in enumerate(emails)
    ]
    for member in members:
        member.start()
    for member in members:
        member.join(seconds + 720)  # bounded: every member stops at the deadline
    results.elapsed = time.monotonic() - results.started
    return results
