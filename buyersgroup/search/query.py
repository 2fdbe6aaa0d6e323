"""Full-text queries: what the member typed, read in every language, matched through the GIN indexes.

``websearch_to_tsquery`` accepts anything (quotes, ``-word``, ``OR``) and never raises; the
text is only cleaned of NUL bytes and capped. One tsquery per configuration, OR-ed
together, is compared with the stored vectors: the GIN index answers each.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.contrib.postgres.search import SearchQueryField
from django.db.models import F, FloatField, Lookup, Q
from django.db.models.expressions import RawSQL

from buyersgroup.core.db import InArray
from buyersgroup.entries.models import PUBLISHED
from buyersgroup.search.config import CONFIG_BY_LANGUAGE, FALLBACK_CONFIG, QUERY_CONFIGS, WEIGHTS

MAX_QUERY_LENGTH = 200


def clean(text) -> str:
    text = str(text or "").replace("\x00", " ")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


NEGATED = re.compile(r'(?:^|(?<=\s))-("[^"]*"?|[^\s"]+)')


def _any_language(text: str, configs=QUERY_CONFIGS) -> tuple[str, list]:
    return _any_language_of("%s", configs), [text] * len(configs)


def _any_language_of(value: str, configs=QUERY_CONFIGS) -> str:
    """SQL of the words of ``value`` (SQL: a parameter, a column) read in every language."""
    return "(" + " || ".join(f"websearch_to_tsquery('{config}', {value})" for config in configs) + ")"


def tsquery_sql(text: str) -> tuple[str, list]:
    """The query read in every language. An excluded word (``-leasing``) is excluded in every
    language, not only in the one that reads the rest: (any language reads the words) AND NOT
    (any language reads an excluded word)."""
    excluded = [term.strip('"') for term in NEGATED.findall(text)]
    excluded = [term for term in excluded if term.strip()]
    if not excluded:
        return _any_language(text)
    positive = NEGATED.sub(" ", text).strip()
    negative_sql, negative_params = _any_language(" OR ".join(f'"{term}"' for term in excluded))
    if not positive:
        return f"(!!{negative_sql})", negative_params
    positive_sql, positive_params = _any_language(positive)
    return f"({positive_sql} && !!{negative_sql})", [*positive_params, *negative_params]


@functools.lru_cache(maxsize=512)
def has_words(text: str) -> bool:
    """False for a query of only punctuation or stop words ("the", "de les", "et"): a word counts
    when none of the three languages drops it. Such a query is ignored (with a note)."""
    words = re.findall(r"\w+", text)[:50]
    if not words:
        return False
    checks = " AND ".join(f"numnode(plainto_tsquery('{config}', w)) > 0" for config in QUERY_CONFIGS[:-1])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(bool_or({checks}), false) FROM unnest(%s::text[]) AS w", [words])
        return cursor.fetchone()[0]


class Matches(Lookup):
    """``vector @@ tsquery``, the vector named as the statement names its table (an alias in a subquery)."""

    lookup_name = "matches_words"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ {rhs}", [*lhs_params, *rhs_params]


def _published_matches(text: str, *, through_indexes: bool = False) -> Q:
    """A published entry whose own words or whose documents' words match ``text``: the condition of
    the kinds' GIN indexes of words (entries.models.words_indexes), then the words, which both
    indexes answer in one bitmap (the documents' rows are never read).

    ``through_indexes``: the words given as a subquery's value, computed once before the statement
    runs, which PostgreSQL cannot look into to estimate how many entries match (it assumes few): it
    then asks the indexes of words. For a statement that reads every match (``EVERY``), where that is
    always the cheaper way. Seen through, a word in most entries ('laptop', in 86 % of the tenders)
    was costed within a fraction of a percent of reading every published entry through an index of
    their state and checking its words (37,445 against 37,829): the planner does not count
    decompressing every stored vector it checks, so a rewrite of the table (a migration, a restore)
    could tip it over (that part of 'laptop''s facets 457 ms against 120)."""
    tsquery, params = tsquery_sql(text)
    return _published_matching(f"(SELECT {tsquery})" if through_indexes else tsquery, params)


def _published_matching(tsquery: str, params: list) -> Q:
    """``_published_matches`` of the words of a tsquery's SQL (``tsquery_sql``, or a column's words)."""
    tsq = RawSQL(tsquery, params, output_field=SearchQueryField())
    return PUBLISHED & (Q(Matches(F("search_vector"), tsq)) | Q(Matches(F("documents_vector"), tsq)))


# How ``matching`` finds the entries (EntryFilter.words_matched_by).
BY_IDS, IN_ROW, EVERY = "ids", "row", "every"


def matching(queryset, text: str, how: str = BY_IDS):
    """The published entries of ``queryset`` that match ``text`` (a search reads no other: the GIN
    indexes of words hold only them).

    ``IN_ROW``: the words are a condition on each entry's row, which the kind's GIN indexes answer
    with a bitmap of the rows: each match's row is read once. For a statement that reads every match
    (the facets and the number of matches, the matches ranked), and for words known to match very
    many entries of a kind listed newest first (``Search.rows``): PostgreSQL then walks the kind's
    newest-first index and checks the words of the entries before the page only (54,640 matches:
    117 -> 0.5 ms) instead of finding every match and sorting them.

    ``BY_IDS``: the ids of the matches found first, then the entries read by key. For a list in an
    order of its own (newest, oldest, value) of rarer words: with the words on the row, PostgreSQL
    could walk that order's index and check the words of every entry before it finds a page. Each
    match's row is read twice (the bitmap, then by key).

    ``EVERY``: as ``IN_ROW``, for a statement that reads every match (the facets, the number of
    matches, the matches ranked), the words always found through the indexes (``_published_matches``).
    Not for a list newest first: there, walking the newest-first index is right for common words."""
    words = _published_matches(text, through_indexes=how == EVERY)
    if how in (IN_ROW, EVERY):
        return queryset.filter(words)
    return queryset.filter(InArray(F("pk"), queryset.model.objects.filter(words).order_by().values("pk")))


def with_rank(queryset, text: str):
    """Annotate ``rank``: title (A) > summary (B) > other text (C) > labels (D); documents score low;
    recent entries slightly ahead among equals (a bonus fading over about three years)."""
    table = queryset.model._meta.db_table
    tsq, params = tsquery_sql(text)
    return queryset.annotate(rank=RawSQL(
        f"(ts_rank('{{0.05, 0.2, 0.4, 1.0}}', {table}.search_vector, {tsq}) + 0.001)"
        # In double precision: extract() answers a numeric, whose arithmetic cost 0.6 µs a match
        # (1.8 ms of the typical search's 3,015 tenders, some 30 ms of the broadest search's).
        f" * (1.0::float8 + 0.1::float8 / (1.0::float8"
        f" + date_part('epoch', now() - coalesce({table}.published_at, now())) / 31536000.0::float8))",
        params, output_field=FloatField(),
    ))


# --- snippets --------------------------------------------------------------------------------

START, STOP = "\x01", "\x02"
HEADLINE_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \""
SHORT_HEADLINE_OPTIONS = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"
SHORT = 300  # characters: titles and short summaries are shown whole


@dataclass
class Snippet:
    source: str  # "title", "summary", "text", "reference", "purchasing_body", "criterion", "document",
    # "organisation", "classification" (search.service.SOURCES names them)
    name: str  # the document's file name
    headline: str  # plain text with START/STOP around the matched words
    document_id: int | None = None
    page: int | None = None  # the PDF page the words were found on

    @property
    def html(self):
        from django.utils.html import escape
        from django.utils.safestring import mark_safe

        return mark_safe(escape(self.headline).replace(START, "<mark>").replace(STOP, "</mark>"))


# Markdown syntax, as a PostgreSQL regular expression: HTML tags, link and image targets and their
# brackets, emphasis, headings, quotes, code, tables and rules.
MARKDOWN_MARKS = r"""E'<[^>]*>|\\]\\([^)]*\\)|!?\\[|\\]|[*_`~#>|]+|-{3,}'"""


def _own_sources(model, n: int) -> tuple[str, str | None]:
    """SQL selecting (kind, entry_id, source, text, config) for each entry whose own text matches, the
    first of its title, summary and text that does (each is analysed only when the ones before it did
    not match: a long body is not read for an entry found by its title); and for a tender found by
    none of those, SQL selecting the same of its first criterion note that matches (reading the
    CTE ``own_text``), else None. Their parameters are named with the suffix ``n``."""
    from buyersgroup.search.config import config_case_sql

    table = model._meta.db_table
    cfg = config_case_sql("e.language")
    own = [("title", "e.title"), ("summary", "e.summary")]
    # An empty part is left out (NULL), not joined as a space the snippet would start with.
    if table == "tenders_tender":
        own.append(("text", "concat_ws(' ', NULLIF(e.outcome, ''), NULLIF(e.lessons_learned, ''))"))
    else:
        # Markdown: its marks and link targets are not words to show in a snippet
        own.append(("text", "regexp_replace(concat_ws(' ', NULLIF(e.body, ''), NULLIF(e.recommendations, ''), "
                            f"NULLIF(e.results, '')), {MARKDOWN_MARKS}, ' ', 'g')"))
    # The title and the summary are told by their weights in the entry's vector (analysing them again
    # was 2 ms of a page of 20); the text shares its weight with the organisations' names: analysed.
    # OFFSET 0: the first is found once per entry (flattened, PostgreSQL would look again for the
    # columns it selects).
    first = " ".join(
        f"WHEN {matches} @@ (SELECT tsq FROM q) THEN {i}"
        for i, (source, expr) in enumerate(own)
        for matches in [f"ts_filter(e.search_vector, '{{{WEIGHTS[source].lower()}}}')" if source in WEIGHTS
                        else f"to_tsvector(c.cfg, {expr})"])
    sources = ", ".join(f"'{source}'" for source, _expr in own)
    texts = " ".join(f"WHEN {i} THEN {expr}" for i, (_s, expr) in enumerate(own))
    own_text = (
        f"SELECT {n}, e.id, (ARRAY[{sources}])[f.i + 1], CASE f.i {texts} END, c.cfg FROM {table} e "
        f"CROSS JOIN LATERAL (SELECT {cfg} AS cfg) c CROSS JOIN LATERAL (SELECT CASE {first} END AS i OFFSET 0) f "
        f"WHERE e.id = ANY(%(ids{n})s) AND f.i IS NOT NULL"
    )
    notes = None
    if table == "tenders_tender":
        notes = (
            f"SELECT DISTINCT ON (ac.tender_id) {n}, ac.tender_id, 'criterion', ac.note, {cfg} "
            "FROM tenders_appliedcriterion ac JOIN tenders_tender e ON e.id = ac.tender_id "
            f"WHERE ac.tender_id = ANY(%(ids{n})s) AND ac.note <> '' AND NOT EXISTS (SELECT 1 FROM own_text o "
            f"WHERE o.kind = {n} AND o.entry_id = ac.tender_id) AND to_tsvector({cfg}, ac.note) @@ (SELECT tsq FROM q) "
            "ORDER BY ac.tender_id, ac.id"
        )
    return own_text, notes


def _document_source(n: int, tsq: str) -> str:
    """SQL selecting (kind, entry_id, doc_id, name, text, config, paged) for the first document of
    each entry ``n`` whose text matches the tsquery ``tsq`` (SQL).

    The tsquery is written out, not read from the CTE ``q``: PostgreSQL then knows the words when it
    plans, and for a word in most documents ('laptop': 199,000 of the benchmark's 314,000) reads the
    page's entries' documents and checks their words, instead of building a bitmap of every matching
    document from the index of words (the snippets of 'laptop': 37 → 10 ms); a rare word's the same."""
    from buyersgroup.documents.extraction import PAGE_END
    from buyersgroup.search.config import config_case_sql

    return (
        f"SELECT DISTINCT ON (d.object_id) {n}, d.object_id, d.id, d.original_name, left(d.text, {DOCUMENT_TEXT}), "
        f"{config_case_sql('d.language')}, d.kind = 'pdf' AND strpos(d.text, E'{PAGE_END}') > 0 "
        f"FROM documents_document d WHERE d.content_type_id = %(ct{n})s AND d.object_id = ANY(%(ids{n})s) "
        f"AND d.search_vector @@ {tsq} ORDER BY d.object_id, d.id"
    )


def _named_sources(model, n: int, language: str | None) -> list[str]:
    """SQL selecting (kind, entry_id, prio, source, text, config) for the other words an entry's vector
    holds, for the entries ``n`` (their own text and documents do not hold the words): a tender's
    reference and central purchasing body, its organisations' names, then its classification's labels
    in each language, the reader's first."""
    from buyersgroup.search.config import config_case_sql
    from buyersgroup.search.indexing import CLASSIFICATION, ORGANISATIONS, PARTS_BY_TABLE, labels_sql

    table = model._meta.db_table
    alias = PARTS_BY_TABLE[table][1]
    rows = f"FROM {table} {alias} WHERE {alias}.id = ANY(%(ids{n})s)"
    pieces = []
    if table == "tenders_tender":
        own = config_case_sql(f"{alias}.language")
        pieces += [("reference", f"{alias}.reference", own),
                   ("purchasing_body", f"{alias}.central_purchasing_body", own)]
    pieces.append(("organisation", ORGANISATIONS[table], f"'{FALLBACK_CONFIG}'::regconfig"))
    pieces += [("classification", labels_sql(lang, **CLASSIFICATION[table], separator=" · "),
                f"'{CONFIG_BY_LANGUAGE[lang]}'::regconfig")
               for lang in sorted(CONFIG_BY_LANGUAGE, key=lambda lang: lang != language)]
    return [f"SELECT {n}, {alias}.id, {prio}, '{source}', {text}, {config} {rows}"
            for prio, (source, text, config) in enumerate(pieces)]


DOCUMENT_TEXT = 200_000  # characters of a document a snippet is looked for in


def snippets_of(ids_by_model: dict, text: str, language: str | None = None) -> dict[tuple, Snippet]:
    """For each (model, entry id), where the words were found first (title, summary, text,
    criterion note, else the first matching document, and in a PDF its first matching page) and a
    highlighted extract of it: one query for the page, whatever the kinds of entry on it. An entry
    found by none of those was found by the names of its organisations or its classification's
    labels (or a tender's reference or purchasing body): one more query, only then, shows those
    (``language``'s labels first)."""
    from buyersgroup.documents.extraction import PAGE_END

    ids_by_model = {model: list(ids) for model, ids in ids_by_model.items() if ids}
    if not ids_by_model or not text:
        return {}
    tsq, params = _named_tsquery(text)
    models = list(ids_by_model)
    sources = [_own_sources(model, n) for n, model in enumerate(models)]
    own_text = " UNION ALL ".join(text for text, _notes in sources)
    found_own = " UNION ALL ".join(["SELECT * FROM own_text", *(f"({notes})" for _text, notes in sources if notes)])
    documents = " UNION ALL ".join(f"({_document_source(n, tsq)})" for n in range(len(models)))
    sql = (
        f"WITH q AS (SELECT {tsq} AS tsq), "
        f"own_text(kind, entry_id, source, txt, cfg) AS MATERIALIZED ({own_text}), "
        "own AS (SELECT kind, entry_id, source, ''::text AS name, NULL::bigint AS doc_id, NULL::bigint AS page, txt, cfg "
        f"FROM ({found_own}) f), "
        f"documents(kind, entry_id, doc_id, name, txt, cfg, paged) AS ({documents}), "
        # In a PDF, the first page that matches; a match across pages keeps the whole text, no page.
        "in_documents AS (SELECT d.kind, d.entry_id, 'document', d.name, d.doc_id, p.page, coalesce(p.txt, d.txt), d.cfg "
        "FROM documents d LEFT JOIN LATERAL (SELECT t.txt, t.page FROM string_to_table(d.txt, "
        f"E'{PAGE_END}') WITH ORDINALITY AS t(txt, page) WHERE d.paged AND to_tsvector(d.cfg, t.txt) @@ "
        "(SELECT tsq FROM q) ORDER BY t.page LIMIT 1) p ON true "
        "WHERE NOT EXISTS (SELECT 1 FROM own o WHERE o.kind = d.kind AND o.entry_id = d.entry_id)), "
        "best AS (SELECT * FROM own UNION ALL SELECT * FROM in_documents) "
        f"SELECT kind, entry_id, source, name, doc_id, page, {HEADLINE_SQL} FROM best"
    )
    for n, model in enumerate(models):
        params[f"ids{n}"] = ids_by_model[model]
        params[f"ct{n}"] = ContentType.objects.get_for_model(model).pk
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {
            (models[kind], entry_id): Snippet(source=source, name=name, headline=headline, document_id=doc_id, page=page)
            for kind, entry_id, source, name, doc_id, page, headline in cursor.fetchall()
        }
    missing = {model: [pk for pk in ids if (model, pk) not in found] for model, ids in ids_by_model.items()}
    if any(missing.values()):
        found.update(_named_snippets(missing, text, language))
    return found


HEADLINE_SQL = ("ts_headline(cfg, txt, (SELECT tsq FROM q), "
                "CASE WHEN length(txt) <= %(short)s THEN %(short_options)s ELSE %(options)s END)")


def _named_tsquery(text: str) -> tuple[str, dict]:
    """The tsquery of ``text`` with named parameters (computed once, in a CTE ``q``), and the
    parameters of ``HEADLINE_SQL``."""
    tsq, tsq_params = tsquery_sql(text)
    for index in range(len(tsq_params)):
        tsq = tsq.replace("%s", f"%(q{index})s", 1)
    params = {f"q{i}": value for i, value in enumerate(tsq_params)}
    params.update(options=HEADLINE_OPTIONS, short=SHORT, short_options=SHORT_HEADLINE_OPTIONS)
    return tsq, params


def _named_snippets(ids_by_model: dict, text: str, language: str | None) -> dict[tuple, Snippet]:
    """``snippets_of`` for entries found neither in their own text nor in their documents: a tender's
    reference or purchasing body, the names of their organisations, else their classification's labels
    (``_named_sources``)."""
    tsq, params = _named_tsquery(text)
    models = [model for model, ids in ids_by_model.items() if ids]
    named = " UNION ALL ".join(part for n, model in enumerate(models) for part in _named_sources(model, n, language))
    sql = (
        f"WITH q AS (SELECT {tsq} AS tsq), named(kind, entry_id, prio, source, txt, cfg) AS ({named}) "
        f"SELECT DISTINCT ON (kind, entry_id) kind, entry_id, source, {HEADLINE_SQL} FROM named "
        "WHERE to_tsvector(cfg, txt) @@ (SELECT tsq FROM q) ORDER BY kind, entry_id, prio"
    )
    params.update({f"ids{n}": ids_by_model[model] for n, model in enumerate(models)})
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(models[kind], entry_id): Snippet(source=source, name="", headline=headline)
                for kind, entry_id, source, headline in cursor.fetchall()}


def snippets(model, ids, text: str) -> dict[int, Snippet]:
    """``snippets_of`` for one kind of entry, by entry id."""
    return {pk: snippet for (_model, pk), snippet in snippets_of({model: ids}, text).items()}


# --- "Did you mean …?" ---------------------------------------------------------------------------

WORD = re.compile(r"\w{3,}")


# How many of the closest titles of each kind "Did you mean …?" reads the words of, per word typed.
SUGGESTION_TITLES = 50


def _published_titles(model) -> str:
    """SQL of the ``SUGGESTION_TITLES`` published titles of ``model`` closest to ``typed`` (the
    kind's trigram index of published titles, entries.models.title_words_index)."""
    table = model._meta.db_table
    return (f"(SELECT title FROM {table} WHERE status = 'published' AND revision_of_id IS NULL "
            f"AND t.typed <%% lower(title) ORDER BY word_similarity(t.typed, lower(title)) DESC "
            f"LIMIT {SUGGESTION_TITLES})")


def suggestion(text: str) -> str | None:
    """The query with each unknown word replaced by the closest word of published titles, the
    names of organisations with a published entry and the names of the categories and criteria
    (trigram similarity), or None when nothing better is found. Only the titles holding a close word
    are read, through their trigram index (reading every title to list its words took 0.7 s at
    100,000 tenders); a word is known when one of them holds it as it was typed, accents aside (the
    search finds "réparabilité" when "reparabilite" is typed), or when the search finds it ("laptop"
    finds "laptops" by its stem; a word of a document only). "Close" is the
    text search's ``pg_trgm.word_similarity_threshold`` (core.db.SEARCH_SETTINGS)."""
    from buyersgroup.entries import registry

    words = WORD.findall(text.lower())
    if not words or len(words) > 4 or any(op in text for op in ('"', " OR ", "-")):
        return None
    models = [kind.model for kind in registry.kinds()]
    has_published = " OR ".join(
        f"EXISTS (SELECT 1 FROM {m._meta.db_table} e WHERE e.organisation_id = o.id AND e.status = 'published' "
        "AND e.revision_of_id IS NULL)" for m in models)
    titles = " UNION ALL ".join(_published_titles(m) for m in models)
    # The names of the categories and criteria in every language: a search finds the entries classified
    # by them ("refurbishd": "Refurbished equipment", where the titles are Dutch and French). A few dozen.
    names = " UNION ALL ".join(
        f"(SELECT n FROM {table} x, LATERAL (VALUES (x.name_en), (x.name_nl), (x.name_fr)) v(n) "
        f"WHERE {condition} t.typed <%% lower(n))"
        for table, condition in (("taxonomy_productcategory", "x.is_active AND"), ("taxonomy_criterion", "")))
    # A word the search finds (by its stem, in a document...) is known whatever the titles hold: the
    # search's own condition, of the row's word ``t.typed``, which the kinds' GIN indexes answer. (Of the
    # word as a constant, PostgreSQL would guess it common and walk the published entries checking
    # each: 0.5 s for a typo.)
    typed_words = _published_matching(_any_language_of("t.typed"), [])
    searched = [m.objects.filter(typed_words).order_by().values("pk").query.sql_with_params() for m in models]
    sql = f"""
      WITH typed AS (SELECT DISTINCT unnest(%s::text[]) AS typed),
      close AS (
        SELECT DISTINCT t.typed, lower(w) AS word FROM typed t,
          LATERAL ({titles} UNION ALL
                   (SELECT o.name FROM members_organisation o WHERE t.typed <%% lower(o.name) AND ({has_published}))
                   UNION ALL {names}
          ) found(title),
          regexp_split_to_table(found.title, '[^[:alnum:]]+') w
      )
      SELECT t.typed,
             (SELECT c.word FROM close c WHERE c.typed = t.typed AND length(c.word) >= 3
                AND similarity(c.word, t.typed) >= 0.35 ORDER BY similarity(c.word, t.typed) DESC, c.word LIMIT 1),
             EXISTS (SELECT 1 FROM close c WHERE c.typed = t.typed AND unaccent(c.word) = unaccent(t.typed))
             OR {" OR ".join(f"EXISTS ({found})" for found, _params in searched)}
      FROM typed t
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [words, *(param for _found, params in searched for param in params)])
        rows = cursor.fetchall()
    replaced = text.lower()
    changed = False
    for typed, closest, known in rows:
        if not known and closest and closest != typed:
            replaced = re.sub(rf"\b{re.escape(typed)}\b", closest, replaced)
            changed = True
    return replaced if changed else None
