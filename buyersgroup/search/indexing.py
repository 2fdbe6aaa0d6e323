"""The stored search vectors of tenders and practices, kept current by the application.

A tender's vector holds its own words (title A, summary B, outcome, lessons learned,
criterion notes C) analysed in the tender's language, its organisations' names, and the
labels of its classification (CPV labels, category and criterion names) analysed in each
language (D) — so "ordinateurs portables" finds a Dutch tender classified 30213100.
Documents have their own generated vector (buyersgroup.documents, migration 0002); the database
combines them on their entry (``documents_vector``, search migration 0003), which is what a
search matches, so that it never reads the documents' rows to find their entries.

The same UPDATE writes the ids of the entry's categories and criteria (``category_ids``,
``criterion_ids``) and, for a tender, where its criteria were used and their pillars
(``criterion_uses``, ``criterion_pillars``) and the first digits of its CPV codes (``cpv_prefixes``, ``cpv_divisions``),
which the facet counts read from the matching rows (buyersgroup.search.facets). The languages of its
documents (``uploaded_languages``) are kept by the database with their words.

Rebuilt by one UPDATE per save of the entry, its many-to-many links or its applied
criteria, and when an entry is published (``refresh``). Every row has a vector whatever
its state: what a reader may see is decided by the query (EntryQuerySet.published). When a name
the vectors hold is changed (an organisation, a category, a criterion or its pillar, a CPV label:
``NAMED``), a task rebuilds the vectors of the entries that show it (``refresh_named``).
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django_tasks import task

from buyersgroup.entries import changes
from buyersgroup.search.config import CONFIG_BY_LANGUAGE, WEIGHTS, config_case_sql


def labels_sql(lang: str, *, cpv_sql: str, category_sql: str, criterion_sql: str, separator: str = " ") -> str:
    """SQL of the labels of an entry's classification in ``lang``: its CPV codes' labels, its
    categories' and its criteria's names (with their codes), joined by ``separator``. ``CLASSIFICATION``
    says where each kind's are."""
    return (
        f"concat_ws('{separator}', "
        f"(SELECT string_agg(c.label_{lang}, '{separator}' ORDER BY c.code) FROM taxonomy_cpvcode c WHERE {cpv_sql}), "
        f"(SELECT string_agg(pc.name_{lang}, '{separator}' ORDER BY pc.id) FROM taxonomy_productcategory pc "
        f"WHERE {category_sql}), "
        f"(SELECT string_agg(cr.name_{lang} || ' ' || cr.code, '{separator}' ORDER BY cr.code) FROM taxonomy_criterion cr "
        f"WHERE {criterion_sql}))"
    )


def _labels_vector(table: str) -> str:
    where = CLASSIFICATION[table]
    return " || ".join(f"to_tsvector('{cfg}', {labels_sql(lang, **where)})" for lang, cfg in CONFIG_BY_LANGUAGE.items())


# Where the classification of an entry of each table is (its alias as in PARTS_BY_TABLE): its search
# vector holds the labels in every language (D) and a result found only by them shows them as its snippet
# (buyersgroup.search.query.snippets_of).
CLASSIFICATION = {
    "tenders_tender": {
        # Its main code and its additional ones, each found through the codes' primary key (an OR of the
        # two read all 9,500 codes for each tender: 1.2 ms a tender and a language).
        "cpv_sql": "c.code IN (SELECT t.main_cpv_id UNION ALL "
                   "SELECT a.cpvcode_id FROM tenders_tender_additional_cpvs a WHERE a.tender_id = t.id)",
        "category_sql": "pc.id IN (SELECT tc.productcategory_id FROM tenders_tender_categories tc WHERE tc.tender_id = t.id)",
        "criterion_sql": "cr.id IN (SELECT ac.criterion_id FROM tenders_appliedcriterion ac WHERE ac.tender_id = t.id)",
    },
    "practices_practice": {
        "cpv_sql": "false",
        "category_sql": "pc.id IN (SELECT x.productcategory_id FROM practices_practice_categories x "
                        "WHERE x.practice_id = p.id)",
        "criterion_sql": "cr.id IN (SELECT x.criterion_id FROM practices_practice_criteria x WHERE x.practice_id = p.id)",
    },
}

# The names of an entry's organisations, by table (its alias as in PARTS_BY_TABLE): a tender's buyer
# and its co-buyers, a practice's organisation.
ORGANISATIONS = {
    "tenders_tender": "concat_ws(' ', (SELECT o.name FROM members_organisation o WHERE o.id = t.organisation_id), "
                      "(SELECT string_agg(o.name, ' ' ORDER BY o.name) FROM members_organisation o "
                      "JOIN tenders_tender_co_buyers cb ON cb.organisation_id = o.id WHERE cb.tender_id = t.id))",
    "practices_practice": "coalesce((SELECT o.name FROM members_organisation o WHERE o.id = p.organisation_id), '')",
}


TENDER_IDS = """
  category_ids = ARRAY(SELECT tc.productcategory_id FROM tenders_tender_categories tc
                       WHERE tc.tender_id = t.id ORDER BY 1),
  criterion_ids = ARRAY(SELECT DISTINCT ac.criterion_id FROM tenders_appliedcriterion ac
                        WHERE ac.tender_id = t.id ORDER BY 1)
"""

TENDER_USES = """
  criterion_uses = ARRAY(SELECT DISTINCT ac.used_in FROM tenders_appliedcriterion ac
                         WHERE ac.tender_id = t.id ORDER BY 1)
"""

TENDER_PILLARS = """
  criterion_pillars = ARRAY(SELECT DISTINCT cr.pillar FROM tenders_appliedcriterion ac
                            JOIN taxonomy_criterion cr ON cr.id = ac.criterion_id
                            WHERE ac.tender_id = t.id ORDER BY 1)
"""

# Every first digits of its codes that name a family, as taxonomy.cpv.cpv_prefix cuts them (a
# division's two digits at least), each once; and its divisions alone.
_TENDER_CODES = """(SELECT t.main_cpv_id AS code UNION ALL
                    SELECT a.cpvcode_id FROM tenders_tender_additional_cpvs a WHERE a.tender_id = t.id) c"""
TENDER_CPV = f"""
  cpv_prefixes = ARRAY(SELECT DISTINCT left(c.code, n)
                       FROM {_TENDER_CODES}, generate_series(2, greatest(2, length(rtrim(c.code, '0')))) n
                       WHERE c.code IS NOT NULL ORDER BY 1),
  cpv_divisions = ARRAY(SELECT DISTINCT left(c.code, 2) FROM {_TENDER_CODES} WHERE c.code IS NOT NULL ORDER BY 1)
"""

TENDER_VECTOR = f"""
  search_vector =
  setweight(to_tsvector({config_case_sql('t.language')}, coalesce(t.title, '')), '{WEIGHTS["title"]}')
  || setweight(to_tsvector({config_case_sql('t.language')}, coalesce(t.summary, '')), '{WEIGHTS["summary"]}')
  || setweight(to_tsvector({config_case_sql('t.language')}, concat_ws(' ', t.outcome, t.lessons_learned,
       t.reference, t.central_purchasing_body,
       (SELECT string_agg(ac.note, ' ') FROM tenders_appliedcriterion ac WHERE ac.tender_id = t.id))), 'C')
  || setweight(to_tsvector('simple_unaccent', {ORGANISATIONS["tenders_tender"]}), 'C')
  || setweight({_labels_vector("tenders_tender")}, 'D')
"""

PRACTICE_IDS = """
  category_ids = ARRAY(SELECT x.productcategory_id FROM practices_practice_categories x
                       WHERE x.practice_id = p.id ORDER BY 1),
  criterion_ids = ARRAY(SELECT x.criterion_id FROM practices_practice_criteria x
                        WHERE x.practice_id = p.id ORDER BY 1)
"""

PRACTICE_VECTOR = f"""
  search_vector =
  setweight(to_tsvector({config_case_sql('p.language')}, coalesce(p.title, '')), '{WEIGHTS["title"]}')
  || setweight(to_tsvector({config_case_sql('p.language')}, coalesce(p.summary, '')), '{WEIGHTS["summary"]}')
  || setweight(to_tsvector({config_case_sql('p.language')}, concat_ws(' ', p.body, p.recommendations, p.results)), 'C')
  || setweight(to_tsvector('simple_unaccent', {ORGANISATIONS["practices_practice"]}), 'C')
  || setweight({_labels_vector("practices_practice")}, 'D')
"""

# What one refresh writes, by table: {part: SET clause}, and the table's alias in them.
PARTS_BY_TABLE = {
    "tenders_tender": ({"vector": TENDER_VECTOR, "ids": TENDER_IDS, "uses": TENDER_USES, "pillars": TENDER_PILLARS,
                        "cpv": TENDER_CPV}, "t"),
    "practices_practice": ({"vector": PRACTICE_VECTOR, "ids": PRACTICE_IDS}, "p"),
}
PARTS = ("vector", "ids", "uses", "pillars", "cpv")


def refresh(model, pks=None, parts=PARTS) -> None:
    """Rebuild the vectors and facet ids of ``pks`` (every row when None) of a tender or practice
    model: the ``parts`` its table has. A migration that predates a part names the parts its table
    already has."""
    clauses, alias = PARTS_BY_TABLE[model._meta.db_table]
    sql = f"UPDATE {model._meta.db_table} {alias} SET {', '.join(clauses[p] for p in parts if p in clauses)}"
    with connection.cursor() as cursor:
        if pks is not None:
            cursor.execute(f"{sql} WHERE {alias}.id = ANY(%s)", [list(pks)])
            changes.bump(model)  # what a search can match changed
            return
        # Every row, in batches that each stay well inside the statement timeout.
        last = 0
        while True:
            cursor.execute(f"SELECT id FROM {model._meta.db_table} WHERE id > %s ORDER BY id LIMIT %s", [last, BATCH])
            batch = [row[0] for row in cursor.fetchall()]
            if not batch:
                return
            cursor.execute(f"{sql} WHERE {alias}.id = ANY(%s)", [batch])
            last = batch[-1]


BATCH = 1000


# What refresh_documents writes: the documents' words and their languages, by the database's own
# functions (search migrations 0003 and 0004).
DOCUMENT_COLUMNS = {
    "documents_vector": "entry_documents_vector(%(ct)s, id)",
    "uploaded_languages": "entry_documents_languages(%(ct)s, id)",
}


def refresh_documents(model, columns=tuple(DOCUMENT_COLUMNS)) -> None:
    """Recombine the documents' words and languages of every ``model`` entry that has documents
    (migrations, the benchmark's seeder), in batches that each stay well inside the statement
    timeout. Day to day the database does it itself when documents change (search migrations
    0003, 0004). A migration that predates a column names the ones its table already has."""
    opts = model._meta
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM django_content_type WHERE app_label = %s AND model = %s",
                       [opts.app_label, opts.model_name])
        row = cursor.fetchone()
        if row is None:  # a new database: no content type yet, so no documents either
            return
        content_type, last = row[0], 0
        while True:
            cursor.execute(
                "SELECT DISTINCT object_id FROM documents_document WHERE content_type_id = %s AND object_id > %s "
                "ORDER BY object_id LIMIT %s", [content_type, last, BATCH])
            batch = [row[0] for row in cursor.fetchall()]
            if not batch:
                return
            assignments = ", ".join(f"{column} = {DOCUMENT_COLUMNS[column] % {'ct': content_type}}"
                                    for column in columns)
            cursor.execute(f"UPDATE {opts.db_table} SET {assignments} WHERE id = ANY(%s)", [batch])
            last = batch[-1]


# Reference data whose names the vectors hold (and a criterion's pillar, kept on its tenders):
# {model label: (those fields, {entry table: the condition on its rows, aliased as in PARTS_BY_TABLE,
# of the entries that show them})}.
NAMED = {
    "members.Organisation": (("name",), {
        "tenders_tender": "t.organisation_id = %(id)s OR t.id IN "
                          "(SELECT cb.tender_id FROM tenders_tender_co_buyers cb WHERE cb.organisation_id = %(id)s)",
        "practices_practice": "p.organisation_id = %(id)s",
    }),
    "taxonomy.ProductCategory": (tuple(f"name_{lang}" for lang in CONFIG_BY_LANGUAGE), {
        "tenders_tender": "t.category_ids @> ARRAY[%(id)s]::bigint[]",
        "practices_practice": "p.category_ids @> ARRAY[%(id)s]::bigint[]",
    }),
    "taxonomy.Criterion": (("code", "pillar", *(f"name_{lang}" for lang in CONFIG_BY_LANGUAGE)), {
        "tenders_tender": "t.criterion_ids @> ARRAY[%(id)s]::bigint[]",
        "practices_practice": "p.criterion_ids @> ARRAY[%(id)s]::bigint[]",
    }),
    "taxonomy.CpvCode": (tuple(f"label_{lang}" for lang in CONFIG_BY_LANGUAGE), {
        "tenders_tender": "t.main_cpv_id = %(id)s OR t.id IN "
                          "(SELECT a.tender_id FROM tenders_tender_additional_cpvs a WHERE a.cpvcode_id = %(id)s)",
    }),
}


@task()
def refresh_named(label: str, pk) -> int:
    """Rebuild the vectors of every entry that shows the name of ``label`` ``pk`` (``NAMED``), in
    batches inside the statement timeout; the number of entries rebuilt."""
    from django.apps import apps

    _fields, tables = NAMED[label]
    done = 0
    for table, condition in tables.items():
        model = next(m for m in apps.get_models() if m._meta.db_table == table)
        alias = PARTS_BY_TABLE[table][1]
        last = 0
        with connection.cursor() as cursor:
            while True:
                cursor.execute(f"SELECT {alias}.id FROM {table} {alias} WHERE ({condition}) AND {alias}.id > %(last)s "
                               f"ORDER BY {alias}.id LIMIT %(batch)s", {"id": pk, "last": last, "batch": BATCH})
                batch = [row[0] for row in cursor.fetchall()]
                if not batch:
                    break
                refresh(model, batch)
                done, last = done + len(batch), batch[-1]
    return done


def _before_named_saved(sender, instance, raw=False, **kwargs):
    """Note whether a name the vectors show is about to change (read before the save)."""
    fields = NAMED[sender._meta.label][0]
    instance._search_names_changed = not raw and instance.pk is not None and (
        sender._base_manager.filter(pk=instance.pk).values_list(*fields).first()
        not in (None, tuple(getattr(instance, f) for f in fields)))


def _on_named_saved(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_search_names_changed", False):
        label, pk = sender._meta.label, instance.pk
        transaction.on_commit(lambda: refresh_named.enqueue(label, pk))


def refresh_entry(entry) -> None:
    refresh(type(entry), [entry.pk])


def _on_entry_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_entry(instance)


def _on_m2m(sender, instance, action, reverse, model, pk_set, **kwargs):
    if not reverse:
        if action.startswith("post_"):
            refresh_entry(instance)
        return
    # Changed from the other side (``category.tenders.add(tender)``): the entries added or removed, or
    # for a clear those linked before it, whose rows keep the ids the filters read (search.filters.ROW_IDS).
    if action == "pre_clear":
        entry_field = next(f for f in sender._meta.fields if f.related_model is model)
        other_field = next(f for f in sender._meta.fields if f.related_model is type(instance) and f is not entry_field)
        instance._search_cleared = list(sender.objects.filter(**{other_field.attname: instance.pk})
                                        .values_list(entry_field.attname, flat=True))
    elif action == "post_clear":
        cleared = instance.__dict__.pop("_search_cleared", [])
        if cleared:
            refresh(model, cleared)
    elif action in ("post_add", "post_remove") and pk_set:
        refresh(model, sorted(pk_set))


def _on_applied_criterion(sender, instance, raw=False, **kwargs):
    if not raw:
        from tenders.models import Tender

        refresh(Tender, [instance.tender_id])


def connect_signals() -> None:
    from practices.models import Practice
    from tenders.models import AppliedCriterion, Tender

    for model in (Tender, Practice):
        post_save.connect(_on_entry_saved, sender=model, dispatch_uid=f"search_vector_{model._meta.label}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(_on_m2m, sender=field.remote_field.through,
                                dispatch_uid=f"search_vector_{model._meta.label}_{field.name}")
    post_save.connect(_on_applied_criterion, sender=AppliedCriterion, dispatch_uid="search_vector_criterion_saved")
    post_delete.connect(_on_applied_criterion, sender=AppliedCriterion, dispatch_uid="search_vector_criterion_deleted")
    for label in NAMED:
        pre_save.connect(_before_named_saved, sender=label, dispatch_uid=f"search_names_{label}")
        post_save.connect(_on_named_saved, sender=label, dispatch_uid=f"search_names_saved_{label}")
