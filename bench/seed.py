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
from buyersgroup.members.models import Member, Organisation
from buyersgroup.moderation.models import ReviewEvent
from buyersgroup.taxonomy.models import CpvCode, Criterion, ProductCategory
from tenders.models import AppliedCriterion, Tender

BENCH_MEMBER = "bench.member@example.org"
BENCH_COORDINATOR = "bench.coordinator@example.org"
SEARCH_WORD = "refurbished"  # the admin changelist search (the naive peer)


@dataclass(frozen=True)
class Volume:
    tenders: int
    organisations: int
    members: int
    documents_per_tender: float = 3.0
    criteria_per_tender: float = 3.0

    @classmethod
    def full(cls) -> Volume:
        return cls(tenders=100_000, organisations=300, members=1_000)

    @classmethod
    def smoke(cls) -> Volume:
        return cls(tenders=2_000, organisations=30, members=100)


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
        language = rng.choices(["nl", "fr", "en"], [5, 4, 1])[0]
        words = WORDS[language]
        organisation_id = rng.choices(range(1, volume.organisations + 1), org_weights)[0]
        author_id = rng.choice(members_of.get(organisation_id) or [1])
        created = now - timedelta(seconds=rng.randint(0, span))
        published = created + timedelta(days=rng.randint(1, 20)) if state in ("published", "archived") else None
        submitted = created + timedelta(days=1) if state != "draft" else None
        revision_of = None
        if state in ("submitted", "draft") and published_ids and rng.random() < REVISION_SHARE:
            revision_of = published_ids.pop(rng.randrange(len(published_ids)))
            organisation_id, author_id = tender_rows[revision_of - 1][3], tender_rows[revision_of - 1][2]
        if state == "published":
            published_ids.append(i)
        publication_date = (created - timedelta(days=rng.randint(30, 400))).date()
        award_date = publication_date + timedelta(days=rng.randint(20, 120))
        title = rng.choice(TITLES[language]).format(a=rng.choice(words), b=" ".join(rng.sample(words, 2)))
        summary = " ".join(rng.choices(words, k=rng.randint(40, 120)))
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

    for model in (Organisation, Member, Tender):
        _reset_sequence(model)
    return counts


def create_second_factor() -> None:
    """The bench coordinator has two-factor set up (coordinator pages require it)."""
    from allauth.mfa.models import Authenticator

    coordinator = Member.objects.get(email=BENCH_COORDINATOR)
    Authenticator.objects.get_or_create(user=coordinator, type=Authenticator.Type.TOTP, defaults={"data": {"secret": ""}})
