"""The benchmark's data: the volume of SPEC §12, written with COPY (never the ORM row by row).

Deterministic (one random seed), so two runs measure the same data. Reference data
(CPV codes, criteria, product categories) comes from the migrations, as in production.
"""

from __future__ import annotations

import hashlib
import random
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as tz

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from buyersgroup.documents.models import Document
from buyersgroup.entries import backfill
from buyersgroup.entries.models import Comment, Follow
from buyersgroup.members.models import Member, Organisation
from buyersgroup.moderation.models import ReviewEvent
from buyersgroup.search.models import SavedSearch
from buyersgroup.taxonomy.models import CpvCode, Criterion, ProductCategory
from tenders.models import AppliedCriterion, Tender

BENCH_MEMBER = "bench.member@example.org"
BENCH_COORDINATOR = "bench.coordinator@example.org"
SEARCH_WORD = "refurbished"  # the admin changelist search (the naive peer)
# A word few entries use, for the "typical search" (SPEC §12: ≤ 5,000 matches): it is written
# into RARE_SHARE of the summaries and RARE_DOCUMENT_SHARE of the documents' text.
RARE_WORD = "epeat"
RARE_SHARE = 0.02
RARE_DOCUMENT_SHARE = 0.005
THREAD_LENGTH = 50  # the comments under the practice the benchmark opens
SEED_VERSION = 2  # a seeder change that needs a fresh seed bumps it


@dataclass(frozen=True)
class Volume:
    tenders: int
    organisations: int
    members: int
    practices: int = 0
    documents_per_tender: float = 3.0
    criteria_per_tender: float = 3.0
    documents_per_practice: float = 0.6
    saved_searches_share: float = 0.3  # of members
    threads: bool = True  # questions, answers and follows under published entries
    search_vectors: bool = True  # the full-text vectors (a minute per 20,000 tenders)

    @classmethod
    def full(cls) -> Volume:
        return cls(tenders=100_000, organisations=300, members=1_000, practices=20_000)

    @classmethod
    def smoke(cls) -> Volume:
        return cls(tenders=2_000, organisations=30, members=100, practices=400)


WORDS = {
    "nl": ("laptops", "desktops", "beeldschermen", "smartphones", "servers", "printers", "netwerk", "opslag",
           "gerenoveerde", "hergebruik", "garantie", "reserveonderdelen", "terugname", "levensduur", "energie",
           "verbruik", "leverancier", "onderhoud", "herstelbaarheid", "batterij", "verpakking", "arbeidsrechten",
           "toeleveringsketen", "conflictmineralen", "certificaat", "label", "gunningscriterium", "bestek",
           "raamovereenkomst", "perceel", "prijs", "kwaliteit", "duurzaamheid", "circulaire", "eerlijke",
           "gemeente", "stad", "provincie", "dienst", "contract", "looptijd", "installatie", "software",
           "licenties", "datacenter", "koeling", "recyclage", "inzameling", "markt", "consultatie"),
    "fr": ("ordinateurs", "portables", "écrans", "smartphones", "serveurs", "imprimantes", "réseau", "stockage",
           "reconditionnés", "réemploi", "garantie", "pièces", "détachées", "reprise", "durée", "énergie",
           "consommation", "fournisseur", "maintenance", "réparabilité", "batterie", "emballage", "droits",
           "travailleurs", "chaîne", "approvisionnement", "minerais", "certificat", "label", "critère",
           "attribution", "cahier", "charges", "accord-cadre", "lot", "prix", "qualité", "durable",
           "circulaire", "équitable", "commune", "ville", "province", "service", "contrat", "installation",
           "logiciels", "licences", "recyclage", "consultation"),
    "en": ("laptops", "desktops", "monitors", "smartphones", "servers", "printers", "network", "storage",
           "refurbished", "reuse", "warranty", "spare", "parts", "take-back", "lifetime", "energy",
           "consumption", "supplier", "maintenance", "repairability", "battery", "packaging", "labour",
           "rights", "supply", "chain", "conflict", "minerals", "certificate", "label", "award", "criterion",
           "specification", "framework", "agreement", "lot", "price", "quality", "sustainable", "circular",
           "fair", "municipality", "city", "province", "service", "contract", "installation", "software",
           "licences", "recycling"),
}
TITLES = {
    "nl": ("Aankoop van {a} met {b}", "Raamovereenkomst {a} en {b}", "Levering van {a}: {b}"),
    "fr": ("Achat de {a} avec {b}", "Accord-cadre {a} et {b}", "Fourniture de {a} : {b}"),
    "en": ("Purchase of {a} with {b}", "Framework agreement for {a} and {b}", "Supply of {a}: {b}"),
}
# Realistic review-state mix of 100 rows (the rest of the volume scales with it).
STATE_MIX = [("published", 90.0), ("submitted", 1.0), ("draft", 4.0), ("changes_requested", 1.5),
             ("rejected", 1.5), ("archived", 2.0)]
REVISION_SHARE = 0.25  # of submitted and draft rows: pending edits of a published tender


def _paragraphs(rng: random.Random, language: str, count: int) -> list[str]:
    words = WORDS[language]
    out = []
    for _ in range(count):
        sentence_count = rng.randint(3, 6)
        sentences = []
        for _ in range(sentence_count):
            chosen = rng.choices(words, k=rng.randint(8, 16))
            sentences.append(" ".join(chosen).capitalize() + ".")
        out.append(" ".join(sentences))
    return out


def _copy(model, columns: list[str], rows) -> int:
    """COPY rows (tuples in ``columns`` order) into the model's table; returns the row count."""
    table = model._meta.db_table
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor
        with raw.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _reset_sequence(model) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), COALESCE(MAX(id), 1)) FROM \"{table}\""
        )


def seed(volume: Volume, progress=print) -> dict[str, int]:
    """Write the whole volume; returns the row counts. The schema must be migrated and empty."""
    from buyersgroup.search.indexing import refresh_documents
    from practices.models import Practice

    # The database combines each entry's documents' words on the entry when a document is added
    # (search migration 0003): once per entry at the end, not once per copied document.
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE documents_document DISABLE TRIGGER USER")
    try:
        counts = _seed(volume, progress)
    finally:
        with connection.cursor() as cursor:
            # Inside a transaction (a test), the copied rows' deferred foreign-key checks must run
            # before the table may be altered again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE documents_document ENABLE TRIGGER USER")
    for model in (Tender, Practice):
        started = time.monotonic()
        refresh_documents(model)
        progress(f"  documents' words on their {model._meta.verbose_name_plural} ({time.monotonic() - started:.0f} s)")
    return counts


def _entry_core(rng, i, state, now, span, volume, org_weights, members_of, rows, published_ids):
    """What every kind of entry has (the entry core's fields), drawn the same way for each kind:
    (language, organisation, author, created, published, submitted, revision_of). A pending
    revision takes a published entry of ``rows`` (each row: id, state, author, organisation, …)."""
    language = rng.choices(["nl", "fr", "en"], [5, 4, 1])[0]
    organisation_id = rng.choices(range(1, volume.organisations + 1), org_weights)[0]
    author_id = rng.choice(members_of.get(organisation_id) or [1])
    created = now - timedelta(seconds=rng.randint(0, span))
    published = created + timedelta(days=rng.randint(1, 20)) if state in ("published", "archived") else None
    submitted = created + timedelta(days=1) if state != "draft" else None
    revision_of = None
    if state in ("submitted", "draft") and published_ids and rng.random() < REVISION_SHARE:
        revision_of = published_ids.pop(rng.randrange(len(published_ids)))
        organisation_id, author_id = rows[revision_of - 1][3], rows[revision_of - 1][2]
    if state == "published":
        published_ids.append(i)
    return language, organisation_id, author_id, created, published, submitted, revision_of


def _seed(volume: Volume, progress) -> dict[str, int]:
    rng = random.Random(20261126)
    now = datetime(2026, 11, 1, 9, 0, tzinfo=tz.utc)
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET statement_timeout = 0")  # COPY of a whole table takes longer than a page may

    # --- organisations and members ---------------------------------------------------
    levels = ["municipality"] * 6 + ["social_welfare", "police_zone", "province", "region", "federal", "other"]
    regions = ["flanders", "wallonia", "brussels", "national"]
    organisations = [
        (i, f"Organisation {i:03d} ({rng.choice(['Gemeente', 'Commune', 'Stad', 'Ville', 'FOD', 'OCMW'])})",
         rng.choice(levels), rng.choice(regions), "", "", [f"org{i}.example.org"], now)
        for i in range(1, volume.organisations + 1)
    ]
    counts["organisations"] = _copy(
        Organisation,
        ["id", "name", "level", "region", "enterprise_number", "website", "email_domains", "created_at"],
        organisations,
    )
    # Zipf-like: a few organisations share a lot, most a little.
    org_weights = [1 / (i ** 0.8) for i in range(1, volume.organisations + 1)]
    password = make_password("bench-password-never-used-for-login")
    first = ("An", "Bram", "Chloé", "Dries", "Elise", "Fatima", "Geert", "Hanne", "Ilse", "Julien", "Karim", "Lotte")
    last = ("Peeters", "Janssens", "Maes", "Dubois", "Lambert", "Claes", "Willems", "Mertens", "Dupont", "Leclercq")
    members = []
    for i in range(1, volume.members + 1):
        organisation_id = 1 if i <= 2 else rng.choices(range(1, volume.organisations + 1), org_weights)[0]
        email = {1: BENCH_MEMBER, 2: BENCH_COORDINATOR}.get(i, f"member{i}@org{organisation_id}.example.org")
        coordinator = i == 2 or i % 97 == 0
        members.append((
            i, password, None, i == 2, rng.choice(first), rng.choice(last), i == 2, True, now,
            email, organisation_id, "coordinator" if coordinator else "member", "ICT buyer",
            rng.sample(["nl", "fr", "en"], rng.randint(1, 3)), "refurbished laptops", i % 3 == 0,
            rng.choice(["nl", "fr", "en"]),
        ))
    counts["members"] = _copy(
        Member,
        ["id", "password", "last_login", "is_superuser", "first_name", "last_name", "is_staff", "is_active",
         "date_joined", "email", "organisation_id", "role", "job_title", "languages", "ask_me_about", "show_email",
         "preferred_language"],
        members,
    )
    members_of: dict[int, list[int]] = {}
    for row in members:
        members_of.setdefault(row[10], []).append(row[0])
    progress(f"  {counts['organisations']} organisations, {counts['members']} members")

    # --- tenders ---------------------------------------------------------------------
    cpvs = list(CpvCode.objects.filter(code__regex=r"^(30|32|48|50|72)").values_list("code", flat=True)) or list(
        CpvCode.objects.values_list("code", flat=True)[:500]
    )
    categories = list(ProductCategory.objects.values_list("pk", flat=True))
    criteria = list(Criterion.objects.values_list("pk", flat=True))
    states = []
    for state, share in STATE_MIX:
        states += [state] * round(volume.tenders * share / 100)
    states = (states + ["published"] * volume.tenders)[: volume.tenders]
    rng.shuffle(states)
    published_ids: list[int] = []
    tender_rows = []
    span = 8 * 365 * 24 * 3600
    procedures = ["open", "restricted", "neg-w-call", "below-threshold", "fa-call-off"]
    stages = ["awarded", "running", "completed", "open", "planned"]
    for i, state in enumerate(states, start=1):
        language, organisation_id, author_id, created, published, submitted, revision_of = _entry_core(
            rng, i, state, now, span, volume, org_weights, members_of, tender_rows, published_ids)
        words = WORDS[language]
        publication_date = (created - timedelta(days=rng.randint(30, 400))).date()
        award_date = publication_date + timedelta(days=rng.randint(20, 120))
        title = rng.choice(TITLES[language]).format(a=rng.choice(words), b=" ".join(rng.sample(words, 2)))
        summary = " ".join(rng.choices(words, k=rng.randint(40, 120)))
        if rng.random() < RARE_SHARE:
            summary = f"{summary} {RARE_WORD}"
        tender_rows.append([
            i, state, author_id, organisation_id, revision_of, 1, created, published or submitted or created,
            submitted, published, title, f"{created:%Y}/ICT/{i % 1000:03d}", summary, language,
            rng.choice(cpvs), rng.choice(["supplies", "services", "supplies"]), rng.choice(procedures),
            rng.random() < 0.3, "", rng.randint(10_000, 5_000_000), rng.randint(10_000, 5_000_000),
            publication_date, award_date, rng.choice([12, 24, 36, 48, None]), rng.choice(stages),
            "", [language], rng.randint(1, 12), "", "", author_id,
        ])
    # A revision row must come after the row it revises only for readability; ids are explicit.
    counts["tenders"] = _copy(
        Tender,
        ["id", "status", "author_id", "organisation_id", "revision_of_id", "version", "created_at", "updated_at",
         "submitted_at", "published_at", "title", "reference", "summary", "language", "main_cpv_id",
         "contract_type", "procedure_type", "framework_agreement", "central_purchasing_body", "estimated_value",
         "awarded_value", "publication_date", "award_date", "duration_months", "stage", "notice_url",
         "document_languages", "bids_received", "outcome", "lessons_learned", "contact_id"],
        tender_rows,
    )
    progress(f"  {counts['tenders']} tenders")

    through = Tender.categories.through
    counts["tender categories"] = _copy(
        through, ["tender_id", "productcategory_id"],
        ((row[0], c) for row in tender_rows for c in rng.sample(categories, rng.randint(1, min(3, len(categories))))),
    )
    through = Tender.additional_cpvs.through
    counts["additional CPV codes"] = _copy(
        through, ["tender_id", "cpvcode_id"],
        ((row[0], c) for row in tender_rows for c in set(rng.sample(cpvs, rng.randint(0, 2)))),
    )
    uses = ["selection", "specification", "award", "contract_clause"]

    def applied():
        for row in tender_rows:
            n = min(len(criteria), max(0, round(rng.gauss(volume.criteria_per_tender, 1.5))))
            for position, criterion in enumerate(rng.sample(criteria, n)):
                use = rng.choice(uses)
                weight = rng.randint(5, 30) if use == "award" else None
                yield (row[0], criterion, use, weight, rng.choice(["label", "self_declaration", "audit"]), "", position)

    counts["applied criteria"] = _copy(
        AppliedCriterion, ["tender_id", "criterion_id", "used_in", "weight", "verification", "note", "position"], applied()
    )
    progress(f"  {counts['applied criteria']} applied criteria")

    # --- review history ------------------------------------------------------------------
    tender_type = ContentType.objects.get_for_model(Tender).pk

    def events():
        for row in tender_rows:
            i, state, author, revision_of, created, submitted, published = row[0], row[1], row[2], row[4], row[6], row[8], row[9]
            public = revision_of or i
            on_revision = revision_of is not None
            if state == "draft":
                continue
            yield (tender_type, public, author, submitted, "submit", "draft", "submitted", "", on_revision)
            if state in ("published", "archived"):
                yield (tender_type, public, 2, published, "publish", "submitted", "published", "", on_revision)
            if state == "archived":
                yield (tender_type, public, 2, published + timedelta(days=400), "archive", "published", "archived", "", False)
            if state in ("changes_requested", "rejected"):
                yield (tender_type, public, 2, submitted + timedelta(days=2), "request_changes" if state == "changes_requested" else "reject",
                       "submitted", state, "Please add the award report.", on_revision)

    counts["review events"] = _copy(
        ReviewEvent,
        ["content_type_id", "object_id", "actor_id", "at", "action", "from_status", "to_status", "comment", "on_revision"],
        events(),
    )
    progress(f"  {counts['review events']} review events")

    # --- documents with their extracted text ----------------------------------------------------
    pools = {language: _paragraphs(rng, language, 400) for language in WORDS}
    doc_types = ["specification", "award_report", "market_consultation", "contract_clauses", "evaluation_grid"]
    started = time.monotonic()

    def documents():
        for row in tender_rows if volume.documents_per_tender else ():
            n = max(0, round(rng.gauss(volume.documents_per_tender, 1.2)))
            for _ in range(n):
                language = rng.choices(["nl", "fr", "en"], [5, 4, 2])[0]
                pool = pools[language]
                target = rng.randint(2048, 8192)
                parts, size = [], 0
                while size < target:
                    paragraph = pool[rng.randrange(len(pool))]
                    parts.append(paragraph)
                    size += len(paragraph) + 2
                text = "\n\n".join(parts)[:target]
                if rng.random() < RARE_DOCUMENT_SHARE:
                    text = f"{text} {RARE_WORD.upper()}"
                key = uuid.UUID(int=rng.getrandbits(128)).hex
                yield (tender_type, row[0], f"documents/{row[6]:%Y}/{key}.pdf", f"{rng.choice(doc_types)}-{row[0]}.pdf",
                       rng.choice(doc_types), language, rng.randint(50_000, 5_000_000),
                       hashlib.sha256(key.encode()).hexdigest(), "pdf", "application/pdf", text, "done",
                       row[2], row[6])

    counts["documents"] = _copy(
        Document,
        ["content_type_id", "object_id", "file", "original_name", "doc_type", "language", "size", "sha256", "kind",
         "mime", "text", "extraction_status", "uploaded_by_id", "created_at"],
        documents(),
    )
    progress(f"  {counts['documents']} documents with their text ({time.monotonic() - started:.0f} s)")

    published_tenders = [row[0] for row in tender_rows if row[1] == "published" and row[4] is None]
    practice_rows = _seed_practices(volume, rng, now, counts, members_of, org_weights, published_tenders,
                                    categories, criteria, pools, progress)
    if volume.threads:
        _seed_threads(rng, counts, tender_rows, practice_rows, members_of, volume, progress)
    _seed_saved_searches(rng, counts, members, volume, now)

    from buyersgroup.search.indexing import refresh
    from practices.models import Practice

    for model in (Organisation, Member, Tender, Practice, Comment, Follow, SavedSearch, Document):
        _reset_sequence(model)
    for model in (Tender, Practice) if volume.search_vectors else ():
        started = time.monotonic()
        refresh(model)
        progress(f"  search vectors of {model._meta.verbose_name_plural} ({time.monotonic() - started:.0f} s)")
    return counts


PRACTICE_TITLES = {
    "nl": ("Ervaring met {a} en {b}", "Modelclausule: {a} en {b}", "Lessen uit {a}: {b}", "Rapport {a} {b}"),
    "fr": ("Retour d'expérience : {a} et {b}", "Clause type : {a} et {b}", "Leçons de {a} : {b}", "Rapport {a} {b}"),
    "en": ("Experience with {a} and {b}", "Model clause: {a} and {b}", "Lessons from {a}: {b}", "Report on {a} {b}"),
}


def _seed_practices(volume, rng, now, counts, members_of, org_weights, published_tenders, categories, criteria,
                    pools, progress) -> list[list]:
    """Practices in the tenders' review-state mix, with their links, rendered Markdown and a few documents."""
    from buyersgroup.core.markdown import render_markdown
    from practices.models import Practice, PracticeType, Theme

    if not volume.practices:
        return []
    states = []
    for state, share in STATE_MIX:
        states += [state] * round(volume.practices * share / 100)
    states = (states + ["published"] * volume.practices)[: volume.practices]
    rng.shuffle(states)
    types = [t.value for t in PracticeType]
    themes = [t.value for t in Theme]
    span = 6 * 365 * 24 * 3600
    rendered: dict[str, str] = {}
    rows, published_ids = [], []
    for i, state in enumerate(states, start=1):
        language, organisation_id, author_id, created, published, submitted, revision_of = _entry_core(
            rng, i, state, now, span, volume, org_weights, members_of, rows, published_ids)
        words = WORDS[language]
        kind = rng.choices(types, [5, 2, 2, 2, 1])[0]
        title = rng.choice(PRACTICE_TITLES[language]).format(a=rng.choice(words), b=" ".join(rng.sample(words, 2)))
        summary = " ".join(rng.choices(words, k=rng.randint(25, 60)))
        if rng.random() < RARE_SHARE:
            summary = f"{summary} {RARE_WORD}"
        # A few hundred distinct bodies: Markdown rendered once each, as a save would.
        body_key = f"{language}-{rng.randrange(300)}"
        if body_key not in rendered:
            pool = pools[language]
            sections = [f"## {rng.choice(words).capitalize()}\n\n{pool[rng.randrange(len(pool))]}" for _ in range(3)]
            body = "\n\n".join(sections) + "\n\n- " + "\n- ".join(rng.sample(words, 4))
            rendered[body_key] = body
        body = rendered[body_key]
        recommendations = ("- " + "\n- ".join(" ".join(rng.sample(words, 6)) for _ in range(4))
                           if kind == "report" else "")
        figures = rng.random() < 0.4
        rows.append([
            i, state, author_id, organisation_id, revision_of, 1, created, published or submitted or created,
            submitted, published, title, kind, rng.sample(themes, rng.randint(1, 3)), summary, body,
            recommendations, language, " ".join(rng.choices(words, k=20)) if figures else "",
            rng.randint(10, 5000) if figures else None, rng.choice([1, 1.5, 2, 3]) if figures else None,
            rng.randint(1, 400) if figures else None, rng.randint(1_000, 900_000) if figures else None,
        ])
    html = {key: render_markdown(body) for key, body in rendered.items()}
    html_of = {body: html[key] for key, body in rendered.items()}
    recommendation_html: dict[str, str] = {}

    def practice_rows():
        for row in rows:
            recommendations = row[15]
            if recommendations and recommendations not in recommendation_html:
                recommendation_html[recommendations] = render_markdown(recommendations)
            yield (*row, html_of[row[14]], recommendation_html.get(recommendations, ""))

    counts["practices"] = _copy(
        Practice,
        ["id", "status", "author_id", "organisation_id", "revision_of_id", "version", "created_at", "updated_at",
         "submitted_at", "published_at", "title", "practice_type", "themes", "summary", "body", "recommendations",
         "language", "results", "devices_reused", "lifetime_extension_years", "co2e_avoided_tonnes",
         "money_saved_eur", "body_html", "recommendations_html"],
        practice_rows(),
    )
    counts["practice links"] = _copy(
        Practice.categories.through, ["practice_id", "productcategory_id"],
        ((row[0], c) for row in rows for c in rng.sample(categories, rng.randint(1, min(2, len(categories))))),
    )
    counts["practice links"] += _copy(
        Practice.criteria.through, ["practice_id", "criterion_id"],
        ((row[0], c) for row in rows for c in rng.sample(criteria, rng.randint(0, min(3, len(criteria))))),
    )
    counts["practice links"] += _copy(
        Practice.related_tenders.through, ["practice_id", "tender_id"],
        ((row[0], t) for row in rows if published_tenders
         for t in set(rng.choices(published_tenders, k=rng.randint(0, 3)))),
    )
    practice_type = ContentType.objects.get_for_model(Practice).pk
    pool_text = {language: "\n\n".join(pools[language][:3]) for language in pools}
    doc_types = ["award_report", "contract_clauses", "other"]

    def documents():
        for row in rows:
            for _ in range(max(0, round(rng.gauss(volume.documents_per_practice, 0.8)))):
                key = uuid.UUID(int=rng.getrandbits(128)).hex
                language = row[16]
                yield (practice_type, row[0], f"documents/{row[6]:%Y}/{key}.pdf", f"practice-{row[0]}.pdf",
                       rng.choice(doc_types), language, rng.randint(50_000, 3_000_000),
                       hashlib.sha256(key.encode()).hexdigest(), "pdf", "application/pdf", pool_text[language],
                       "done", row[2], row[6])

    counts["documents"] += _copy(
        Document,
        ["content_type_id", "object_id", "file", "original_name", "doc_type", "language", "size", "sha256", "kind",
         "mime", "text", "extraction_status", "uploaded_by_id", "created_at"],
        documents(),
    )
    progress(f"  {counts['practices']} practices, {counts['practice links']} links to categories, criteria, tenders")
    return rows


QUESTIONS = ("Which warranty did you ask for, and did the bidders accept it?",
             "Did you verify the take-back clause during the contract?",
             "Welke garantie vroegen jullie voor gerenoveerde toestellen?",
             "Comment avez-vous vérifié le critère de réparabilité ?")
ANSWERS = ("Three years on parts and labour; all four bidders accepted it.",
           "Yes: the supplier reports the returned units every quarter.",
           "Vijf jaar, met een vervangtoestel binnen twee werkdagen.",
           "Par l'indice de réparabilité français, fourni avec l'offre.")


def _seed_threads(rng, counts, tender_rows, practice_rows, members_of, volume, progress) -> None:
    """Questions and answers under published entries (most have none), and who follows them."""
    from practices.models import Practice

    members = [m for ids in members_of.values() for m in ids]
    threads = []
    for model, rows in ((Tender, tender_rows), (Practice, practice_rows)):
        content_type = ContentType.objects.get_for_model(model).pk
        published = [row for row in rows if row[1] == "published" and row[4] is None]
        for row in published:
            length = 0 if rng.random() < 0.75 else rng.randint(1, 6)
            threads.append((content_type, row, length))
    practice_type = ContentType.objects.get_for_model(Practice).pk
    # The practice the benchmark opens (the 8th newest) carries the long thread.
    newest = sorted((t for t in threads if t[0] == practice_type), key=lambda t: (t[1][9], t[1][0]), reverse=True)
    long_thread = newest[min(7, len(newest) - 1)] if newest else None
    follows: set[tuple[int, int, int]] = set()

    def comments():
        for content_type, row, length in threads:
            if long_thread is not None and (content_type, row[0]) == (long_thread[0], long_thread[1][0]):
                length = THREAD_LENGTH
            at = row[9]
            for n in range(length):
                author = row[2] if n % 2 else rng.choice(members)
                at = at + timedelta(hours=rng.randint(1, 72))
                kind = "answer" if n % 2 else "question"
                body = rng.choice(ANSWERS if n % 2 else QUESTIONS)
                if author != row[2]:
                    follows.add((author, content_type, row[0]))
                yield (content_type, row[0], author, kind, body, at, None, None, None, "")

    counts["comments"] = _copy(
        Comment,
        ["content_type_id", "object_id", "author_id", "kind", "body", "created_at", "edited_at", "hidden_at",
         "hidden_by_id", "hidden_reason"],
        comments(),
    )
    _copy(Follow, ["member_id", "content_type_id", "object_id", "following"],
          ((m, c, o, True) for m, c, o in sorted(follows)))
    with connection.cursor() as cursor:  # the entries' authors' follows and the answers' notices, as post() writes them
        for model in (Tender, Practice):
            for sql, params in backfill.statements(model._meta.app_label, model._meta.model_name):
                cursor.execute(sql, params)
    counts["follows"] = Follow.objects.count()
    progress(f"  {counts['comments']} questions and answers, {counts['follows']} follows")


def _seed_saved_searches(rng, counts, members, volume, now) -> None:
    queries = ("q=refurbished+laptops", "q=%22take-back%22&kind=tenders", "q=ordinateurs&region=wallonia",
               "category=1&kind=tenders", "q=herstelbaarheid", f"q={RARE_WORD}")
    chosen = [row for row in members if rng.random() < volume.saved_searches_share]
    counts["saved searches"] = _copy(
        SavedSearch, ["member_id", "name", "query", "frequency", "language", "created_at", "last_sent_at"],
        ((row[0], "Laptops", rng.choice(queries), rng.choice(["weekly", "daily", "never"]), row[16], now, None)
         for row in chosen),
    )


def create_second_factor() -> None:
    """The bench coordinator has two-factor set up (coordinator pages require it)."""
    from allauth.mfa.models import Authenticator

    coordinator = Member.objects.get(email=BENCH_COORDINATOR)
    Authenticator.objects.get_or_create(user=coordinator, type=Authenticator.Type.TOTP, defaults={"data": {"secret": ""}})
