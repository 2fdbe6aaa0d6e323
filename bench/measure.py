"""The measurements: pages, their physical limit, the naive peer, throughput, upload, plans."""

from __future__ import annotations

import json
import os
import re
import statistics
import threading
import time
from importlib import import_module
from pathlib import Path

import psutil
import psycopg
from django.conf import settings
from django.db import connection

from bench import client as http
from bench.seed import (
    BENCH_COORDINATOR, BENCH_MEMBER, RARE_WORD, SEARCH_WORD, SEED_VERSION, Volume, create_second_factor, seed,
)

MARKER = "bench_seed"


# --- the database -------------------------------------------------------------------------

def _seeded() -> dict | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT info FROM {MARKER}")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def _pending_migrations() -> bool:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _vacuum_analyze(progress) -> None:
    progress("VACUUM ANALYZE")
    connection.ensure_connection()
    previous = connection.connection.autocommit
    connection.connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        cursor.execute("VACUUM ANALYZE")
    connection.connection.autocommit = previous


def prepare_database(volume: Volume, *, fresh: bool, progress) -> dict:
    """Seed once; later runs reuse the data (migrations are still applied)."""
    from django.core.management import call_command

    info = None if fresh else _seeded()
    if info is not None and info.get("tenders") == volume.tenders and info.get("version") == SEED_VERSION:
        progress(f"reusing the benchmark data seeded on {info['at']} ({volume.tenders:,} tenders); SEED=fresh re-seeds")
        if _pending_migrations():
            call_command("migrate", "--noinput", verbosity=0)
            # As after an upgrade: a migration that rewrote rows left them unmarked in the visibility
            # map (index-only scans read the table again) and the planner's statistics stale.
            _vacuum_analyze(progress)
        info["reused"] = True
        return info
    progress("emptying the benchmark database and applying migrations")
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", "--noinput", verbosity=0)
    progress(f"seeding {volume.tenders:,} tenders, {volume.members:,} members, documents' text (COPY)")
    started = time.monotonic()
    counts = seed(volume, progress=lambda m: progress(m.strip()))
    create_second_factor()
    seconds = time.monotonic() - started
    analysed = time.monotonic()
    _vacuum_analyze(progress)
    info = {"tenders": volume.tenders, "version": SEED_VERSION, "counts": counts, "seed_seconds": round(seconds, 1),
            "vacuum_seconds": round(time.monotonic() - analysed, 1), "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "reused": False}
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {MARKER} (info text)")
        cursor.execute(f"INSERT INTO {MARKER} VALUES (%s)", [json.dumps(info)])
    progress(f"seeded in {seconds:.0f} s")
    return info


def wait_until_up(port: int, server, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped; see .bench/gunicorn.log")
        try:
            status, _ = http.Client(port).get("/healthz")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /healthz in time")


# --- logged-in sessions -------------------------------------------------------------------

def _session_cookie(email: str) -> dict[str, str]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from buyersgroup.core.middleware import SESSION_STARTED_KEY
    from buyersgroup.members.models import Member

    user = Member.objects.get(email=email)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[SESSION_STARTED_KEY] = int(time.time())
    store.save()
    return {settings.SESSION_COOKIE_NAME: store.session_key}


# --- SQL of a page, replayed ------------------------------------------------------------------

def _statements(cookies: dict[str, str], path: str, headers=None) -> tuple[int, list[str]]:
    """Every SQL statement one view of the page runs (in this process, same settings)."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    browser = Client(raise_request_exception=False)  # a page that fails is reported, not the end of the run
    for name, value in cookies.items():
        browser.cookies[name] = value
    browser.get(http.first_view(path), headers=headers)  # warm (caches, first-use queries)
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(http.first_view(path), headers=headers)
    if response.status_code != 200:  # counted as errors by the timed requests; the run goes on
        print(f"  warning: {path} answered {response.status_code} in process", flush=True)
    return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries]


def _cpu_ms(cookies: dict[str, str], path: str, count: int, headers=None) -> float:
    """CPU time of one view of the page in this process (middleware, ORM, templates; not the
    database server's): what CPU contention on the machine stretches, request by request."""
    from django.test import Client

    browser = Client(raise_request_exception=False)
    for name, value in cookies.items():
        browser.cookies[name] = value
    browser.get(http.first_view(path), headers=headers)
    started = time.process_time()
    for _ in range(count):
        browser.get(http.first_view(path), headers=headers)
    return (time.process_time() - started) * 1000 / count


def _replayable(statements: list[str], floor: list[str]) -> list[str]:
    """The page's own reads: SELECTs, minus those the empty view runs too (counted in its time), and
    the planner settings the page gives its statements (``SET``/``RESET``: the text search's; a
    ``SET LOCAL`` is replayed as ``SET``), which ``RESET ALL`` clears after the page. A read may
    open with a parenthesis: a ``UNION`` of parenthesised SELECTs (the search's ranking)."""
    remaining = list(floor)
    out = []
    for sql in statements:
        if sql in remaining:
            remaining.remove(sql)
        elif sql.lstrip(" \n(").upper().startswith(("SELECT", "WITH")):
            out.append(sql)
        elif sql.lstrip().upper().startswith(("SET ", "RESET ")):
            out.append(re.sub(r"\bSET LOCAL\b", "SET", sql, flags=re.IGNORECASE))
    return out


def replay_connection(conninfo: str = "", **params) -> psycopg.Connection:
    """The session that replays the pages' SQL. It starts with the portal's own connection settings
    (statement timeout, planner costs, work_mem: settings.DATABASES), so that it plans the statements
    as the portal does. And it plans them on every run, as the portal does: psycopg prepares a
    statement run five times on one connection (``prepare_threshold``), after which PostgreSQL runs
    a statement without parameters on its kept plan, neither parsed nor planned again (4 ms of the
    typical search's 28), which the portal's statements (bound on the client, by Django) never are."""
    from django.conf import settings

    return psycopg.connect(conninfo, autocommit=True, prepare_threshold=None,
                           options=settings.DATABASES["default"]["OPTIONS"].get("options", ""), **params)


def _replay(conn, statements: list[str], repeat: int) -> tuple[float, list[float]]:
    """p50 of the whole set on one warm connection, and the median of each statement (ms)."""
    per_statement = [[] for _ in statements]
    totals = []
    for iteration in range(repeat + 5):
        total = 0.0
        for index, sql in enumerate(statements):
            started = time.perf_counter()
            with conn.cursor() as cursor:
                cursor.execute(sql.encode())
                if cursor.description:
                    cursor.fetchall()
            spent = (time.perf_counter() - started) * 1000
            total += spent
            if iteration >= 5:
                per_statement[index].append(spent)
        if iteration >= 5:
            totals.append(total)
    medians = [statistics.median(t) if t else 0.0 for t in per_statement]
    return (statistics.median(totals) if totals else 0.0), medians


def _explain(conn, sql: str, settings: list[str] = ()) -> dict:
    """The plan of ``sql`` under the planner settings (``SET``) its page gave it before."""
    with conn.cursor() as cursor:
        for setting in settings:
            cursor.execute(setting.encode())
        cursor.execute(b"EXPLAIN (ANALYZE, BUFFERS) " + sql.encode())
        lines = [row[0] for row in cursor.fetchall()]
    plan = "\n".join(lines)
    top = lines[0].strip() if lines else ""
    buffers = next((line.strip() for line in lines[1:4] if line.strip().startswith("Buffers:")), "")
    execution = next((line.strip() for line in lines if line.strip().startswith("Execution Time")), "")
    seq_scans = sorted(set(re.findall(r"Seq Scan on (\w+)", plan)))
    return {
        "summary": f"{top.split('  (')[0]} — {execution}" + (f" — {buffers}" if buffers else ""),
        "index": bool(re.search(r"Index (Only )?Scan|Bitmap Index Scan", plan)),
        "seq_scans": seq_scans,
        "sort_all": bool(re.search(r"Sort Method: external|Sort Method: quicksort", plan)) and "Limit" not in top,
        "plan": plan,
        "sql": sql,
    }


# --- upload ---------------------------------------------------------------------------------

def _pdf(path: Path, size: int) -> Path:
    """A well-formed one-page PDF of ``size`` bytes (the bulk is the page's content stream)."""
    if path.exists() and path.stat().st_size == size:
        return path
    header = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    text = b"BT /F1 24 Tf 72 720 Td (Benchmark upload) Tj ET\n"
    objects_before = [
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n",
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>\nendobj\n",
    ]
    font = b"5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n"
    fixed = len(header) + sum(map(len, objects_before)) + len(font) + 200
    filler_line = b"% " + b"benchmark filler " * 4 + b"\n"
    filler_size = size - fixed - len(text)
    stream = text + filler_line * (filler_size // len(filler_line))
    stream += b"%" + b" " * (filler_size - (filler_size // len(filler_line)) * len(filler_line) - 2) + b"\n"
    content = b"4 0 obj\n<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"endstream\nendobj\n"
    offsets, body = [], bytearray(header)
    for obj in [*objects_before, content, font]:
        offsets.append(len(body))
        body += obj
    xref = len(body)
    body += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n" + str(xref).encode() + b"\n%%EOF\n"
    path.write_bytes(bytes(body))
    return path


class _Multipart:
    """A multipart body read in blocks from the file on disk: the client never holds it whole."""

    def __init__(self, fields: dict[str, str], file_field: str, path: Path, boundary: str):
        head = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        )
        head += (f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{path.name}"\r\n'
                 "Content-Type: application/pdf\r\n\r\n").encode()
        self.parts = [head, path, f"\r\n--{boundary}--\r\n".encode()]
        self.length = len(head) + path.stat().st_size + len(self.parts[2])
        self._file = None
        self._index = 0

    def read(self, size: int = 65536) -> bytes:
        while self._index < len(self.parts):
            part = self.parts[self._index]
            if isinstance(part, bytes):
                self._index += 1
                return part
            if self._file is None:
                self._file = part.open("rb")
            data = self._file.read(size)
            if data:
                return data
            self._file.close()
            self._index += 1
        return b""


def _upload(port: int, cookies: dict[str, str], server_pid: int, work: Path, size: int, progress) -> dict:
    from buyersgroup.documents.models import Document
    from buyersgroup.members.models import Member
    from tenders.models import Tender

    member = Member.objects.get(email=BENCH_MEMBER)
    tender = Tender.objects.create(
        title="Benchmark upload", summary="A draft to attach the benchmark's PDF to.", author=member,
        organisation_id=member.organisation_id, procedure_type="open",
    )
    pdf = _pdf(work / "upload.pdf", size)
    path = f"/tenders/{tender.pk}/documents/add/"
    browser = http.Client(port, cookies)
    status, page = browser.get(path)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or token is None:
        raise RuntimeError(f"upload page answered {status}")
    workers = [psutil.Process(p.pid) for p in psutil.Process(server_pid).children()]
    baseline = {w.pid: w.memory_info().rss for w in workers}
    reset = True
    for w in workers:
        try:
            Path(f"/proc/{w.pid}/clear_refs").write_text("5")  # peak RSS (VmHWM) starts again from now
        except OSError:
            reset = False
    sampled = dict(baseline)
    done = threading.Event()

    def sample():
        while not done.is_set():
            for w in workers:
                try:
                    sampled[w.pid] = max(sampled[w.pid], w.memory_info().rss)
                except psutil.Error:
                    pass
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    boundary = "bench" + os.urandom(8).hex()
    body = _Multipart({"csrfmiddlewaretoken": token.group(1).decode(), "doc_type": "specification", "language": "nl"},
                      "file", pdf, boundary)
    started = time.perf_counter()
    status, _, response = browser.request("POST", path, body=body, headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(body.length),
        "Referer": f"http://127.0.0.1:{port}{path}"})
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    peaks = dict(sampled)
    if reset:
        for w in workers:
            status_text = Path(f"/proc/{w.pid}/status").read_text()
            hwm = re.search(r"VmHWM:\s+(\d+) kB", status_text)
            if hwm:
                peaks[w.pid] = max(peaks[w.pid], int(hwm.group(1)) * 1024)
    growth = max(peaks[pid] - baseline[pid] for pid in baseline)
    committed = Document.objects.for_entry(tender).filter(size=pdf.stat().st_size).exists()
    progress(f"  upload of {size / 1e6:.0f} MB: {status} in {seconds:.2f} s, worker peak +{growth / 2**20:.1f} MiB")
    return {"bytes": pdf.stat().st_size, "status": status, "seconds": seconds, "committed": committed,
            "peak_rss_mb": max(peaks.values()) / 2**20, "growth_mb": growth / 2**20}


# --- the run ----------------------------------------------------------------------------------

def _pages(volume: Volume) -> list[dict]:
    """The pages measured, in the report's order. ``kind`` picks the target (bench.report.TARGETS);
    a "peer" row is the naive peer of the page named in its ``compare``."""
    from buyersgroup.core.pagination import CappedPaginator
    from buyersgroup.entries.rows import PAGE_SIZE
    from buyersgroup.members.models import Member
    from buyersgroup.taxonomy.models import Criterion, ProductCategory
    from practices.models import Practice
    from tenders.models import Tender

    member = Member.objects.get(email=BENCH_MEMBER)
    laptops = ProductCategory.objects.get(slug="laptops")
    take_back = Criterion.objects.get(code="EOL-TAKEBACK")
    question = f"category={laptops.pk}&criterion={take_back.pk}"
    published = Tender.objects.published()
    last_page = CappedPaginator(published, PAGE_SIZE).num_pages
    deep = min(500, last_page)
    detail = published.order_by("-published_at", "-pk")[7]
    busy = (published.exclude(organisation_id=member.organisation_id).values("organisation_id")
            .order_by("organisation_id").first()["organisation_id"])
    pages = [
        {"name": "Tender list, first page", "path": "/tenders/", "as": "member", "kind": "list"},
        {"name": f"Tender list, page {deep}", "path": f"/tenders/?page={deep}", "as": "member", "kind": "list"},
        {"name": "Tender list, one organisation", "path": f"/tenders/?organisation={busy}", "as": "member", "kind": "list"},
        {"name": "My organisation's tenders", "path": "/tenders/my-organisation/", "as": "member", "kind": "list"},
        {"name": "Tender detail", "path": f"/tenders/{detail.pk}/", "as": "member", "kind": "detail"},
    ]
    practices = Practice.objects.published().order_by("-published_at", "-pk")
    if practices.exists():
        thread = practices[min(7, practices.count() - 1)]  # the seeder gave it the long thread
        pages += [
            {"name": "Practice list, first page", "path": "/practices/", "as": "member", "kind": "list"},
            {"name": "Practice list, reports", "path": "/practices/?type=report", "as": "member", "kind": "list"},
            {"name": f"Practice detail, {thread.comments.count()} questions and answers",
             "path": f"/practices/{thread.pk}/", "as": "member", "kind": "detail"},
        ]
    pages += [
        # A search is measured as on its first view ("&view=" a new number on each request: no app
        # server keeps its counts yet) and, where said, as seen before (the back button, a reload,
        # another member: its counts and that page kept, buyersgroup.search.service) or on its next
        # pages (each request a page no request had before, 2, 3...: its counts kept, not the page).
        {"name": f"Search, typical ('{RARE_WORD}')", "path": f"/search/?q={RARE_WORD}&view={FIRST}", "as": "member",
         "kind": "search", "matches": _matches(member, f"q={RARE_WORD}")},
        {"name": f"Search, typical ('{RARE_WORD}'), seen before", "path": f"/search/?q={RARE_WORD}", "as": "member",
         "kind": "search"},
        {"name": f"Search, typical ('{RARE_WORD}'), its next pages", "path": f"/search/?q={RARE_WORD}&page={NEW_PAGE}",
         "as": "member", "kind": "search"},
        # A typo: nothing matches, the page suggests the closest word of the published titles.
        {"name": f"Search, a typo ('{TYPO}')", "path": f"/search/?q={TYPO}&view={FIRST}", "as": "member",
         "kind": "search", "matches": _matches(member, f"q={TYPO}")},
        {"name": "Search, typical with 5 filters",
         "path": f"/search/?kind=tenders&q={RARE_WORD}&region=flanders&level=municipality&procedure=open"
                 f"&contract=supplies&year_min=2019&view={FIRST}", "as": "member", "kind": "search"},
        {"name": f"Search, broadest ('{SEARCH_WORD}')", "path": f"/search/?q={SEARCH_WORD}&view={FIRST}",
         "as": "member", "kind": "search_broad", "matches": _matches(member, f"q={SEARCH_WORD}")},
        # Tenders only: every facet of a tender (the search of both kinds counts the shared ones).
        {"name": f"Search, broadest, tenders only ('{SEARCH_WORD}')",
         "path": f"/search/?q={SEARCH_WORD}&kind=tenders&view={FIRST}", "as": "member", "kind": "search_broad",
         "matches": _matches(member, f"q={SEARCH_WORD}&kind=tenders")},
        # The portal's everyday word, in most tenders (their documents and CPV labels): PostgreSQL thinks
        # reading every published tender cheaper than asking the indexes of words (core.db.SEARCH_SETTINGS).
        {"name": f"Search, a word in most tenders ('{COMMON_WORD}')",
         "path": f"/search/?q={COMMON_WORD}&kind=tenders&view={FIRST}", "as": "member", "kind": "search_broad",
         "matches": _matches(member, f"q={COMMON_WORD}&kind=tenders")},
        # The portal's own question: who bought laptops with a take-back clause. The everyday word, a
        # category and a criterion (the facets count each over the others' matches: 6,000-10,000).
        {"name": f"Search, '{COMMON_WORD}' with a category and a criterion ticked",
         "path": f"/search/?q={COMMON_WORD}&kind=tenders&{question}&view={FIRST}", "as": "member",
         "kind": "search", "matches": _matches(member, f"q={COMMON_WORD}&kind=tenders&{question}")},
        {"name": "Review queue", "path": "/review-queue/", "as": "coordinator", "kind": "list"},
        {"name": "Members directory", "path": "/members/", "as": "member", "kind": "list"},
        {"name": "Insights", "path": "/insights/", "as": "member", "kind": "list"},
        {"name": "API, tenders list", "path": "/api/v1/tenders/", "as": "member", "kind": "list", "api": True},
        {"name": "Home", "path": "/", "as": "member", "kind": "list"},
        {"name": "Admin changelist, search (naive peer of the list)", "path": f"/admin/tenders/tender/?q={SEARCH_WORD}",
         "as": "coordinator", "kind": "peer", "compare": "Tender list, first page"},
        {"name": "Admin changelist, search (naive peer of the typical search)",
         "path": f"/admin/tenders/tender/?q={RARE_WORD}", "as": "coordinator", "kind": "peer",
         "compare": f"Search, typical ('{RARE_WORD}')"},
    ]
    return pages


TYPO = SEARCH_WORD[:-2] + SEARCH_WORD[-1]  # "refurbishd"
COMMON_WORD = "laptop"
FIRST = http.FIRST_VIEW
NEW_PAGE = http.NEW_PAGE


def _matches(member, query_string: str) -> int:
    """How many published entries a search finds (the report says how typical it is)."""
    from django.http import QueryDict

    from buyersgroup.core.db import text_search
    from buyersgroup.search.service import Search

    found = Search(QueryDict(query_string), member)
    with text_search(bool(found.text)):  # the planner settings the search page counts with
        return found.count()


def run(port: int, server_pid: int, volume: Volume, work: Path, *, smoke: bool, progress) -> dict:
    count, warmup = (20, 5) if smoke else (150, 20)
    seconds = 3 if smoke else 30
    upload_size = 5_000_000 if smoke else 50_000_000
    cookies = {"member": _session_cookie(BENCH_MEMBER), "coordinator": _session_cookie(BENCH_COORDINATOR)}
    replay = replay_connection(os.environ["DATABASE_URL"])
    figures: dict = {"load_before": os.getloadavg(), "pages": [], "count": count}

    progress("empty logged-in view (the floor of every page)")
    empty_path = "/bench/empty/"
    _, floor_sql = _statements(cookies["member"], empty_path)
    empty = http.sequential(port, cookies["member"], empty_path, count, warmup)
    figures["empty"] = {"p50": empty.p50, "p95": empty.p95, "queries": len(floor_sql), "errors": empty.errors,
                        "cpu": _cpu_ms(cookies["member"], empty_path, 20)}
    floor_coordinator = _statements(cookies["coordinator"], empty_path)[1]

    from buyersgroup.api.models import ApiToken
    from buyersgroup.members.models import Member

    _, secret = ApiToken.issue(Member.objects.get(email=BENCH_MEMBER), "make bench")
    api_headers = {"Authorization": f"Bearer {secret}"}  # the API's lists take a token, not the session

    for page in _pages(volume):
        progress(f"{page['name']}: {page['path']}")
        # An API client sends its token, not a browser's session cookie.
        jar = {} if page.get("api") else cookies[page["as"]]
        headers = api_headers if page.get("api") else None
        queries, statements = _statements(jar, page["path"], headers)
        own = _replayable(statements, floor_sql if page["as"] == "member" else floor_coordinator)
        peer = page["kind"] == "peer"  # seconds a request: fewer of them, still ≥ 100 in a full run
        # 100 timed requests a page (the report says so): with the warm-up and the CPU's 21 views, a
        # search's "next pages" stay within the typical search's 169 pages, each a page not seen before.
        timings = http.sequential(port, jar, page["path"], min(count, 100), 3 if peer else warmup, headers)
        cpu = _cpu_ms(jar, page["path"], 3 if peer else 20, headers)
        sql_p50 = limit = plan = None
        try:
            sql_p50, medians = _replay(replay, own, 20 if peer else count)
            costliest = max(range(len(own)), key=medians.__getitem__) if own else None
            settings = [sql for sql in own[:costliest or 0] if sql.lstrip().upper().startswith(("SET ", "RESET "))]
            plan = _explain(replay, own[costliest], settings) if costliest is not None else None
            limit = sql_p50 + empty.p50
        except psycopg.errors.QueryCanceled as error:
            # A statement of the page passed the statement timeout: reported as such (no limit to
            # compare with), and the run goes on to the other pages.
            progress(f"  {page['name']}: its SQL passed the statement timeout when replayed ({error})")
        finally:
            with replay.cursor() as cursor:
                cursor.execute("RESET ALL")  # the page's own settings, back to the session's
        figures["pages"].append({
            **page, "queries": queries, "p50": timings.p50, "p95": timings.p95, "errors": timings.errors,
            "statuses": timings.statuses, "sql_p50": sql_p50, "limit": limit, "plan": plan, "cpu": cpu,
        })

    figures["throughput"] = []
    for name, path, kind in (("Tender list, first page", "/tenders/", "list"),
                             ("Practice list, first page", "/practices/", "list"),
                             (f"Search, typical ('{RARE_WORD}')", f"/search/?q={RARE_WORD}&view={FIRST}", "search"),
                             (f"Search, typical ('{RARE_WORD}'), seen before", f"/search/?q={RARE_WORD}", "search"),
                             ("Empty logged-in view (the ceiling)", empty_path, "ceiling")):
        progress(f"throughput: 8 clients for {seconds} s on {path}")
        timings, rps = http.concurrent(port, cookies["member"], path, 8, seconds)
        figures["throughput"].append({"name": name, "path": path, "kind": kind, "rps": rps, "p50": timings.p50,
                                      "p99": timings.p99, "errors": timings.errors,
                                      "requests": len(timings.durations_ms), "seconds": seconds})

    progress(f"upload of a {upload_size / 1e6:.0f} MB PDF")
    figures["upload"] = _upload(port, cookies["member"], server_pid, work, upload_size, progress)
    figures["load_after"] = os.getloadavg()
    with replay.cursor() as cursor:
        cursor.execute("SHOW server_version")
        figures["postgres"] = cursor.fetchone()[0]
    replay.close()
    return figures
