"""Facet counts (one GROUP BY statement per kind) agree with the filters they stand for.

Each choice's count must be the number of entries the member gets by ticking it (on top of
the other filters): the count is computed in SQL by buyersgroup.search.facets, the list by
the filter definition (buyersgroup.search.filters) — two pieces of code that must agree.
"""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from buyersgroup.documents.models import Document
from buyersgroup.members.models import Organisation
from buyersgroup.search.service import Search
from buyersgroup.taxonomy.models import Criterion, ProductCategory
from practices.models import Practice
from tenders.models import Tender
from tests.tenders.factories import apply_criterion

pytestmark = pytest.mark.django_db


def _document(entry, language):
    Document.objects.create(
        content_type=ContentType.objects.get_for_model(entry), object_id=entry.pk, original_name="spec.pdf",
        doc_type="specification", language=language, size=1, sha256="0" * 64, kind="pdf", mime="application/pdf",
        text="Laptops with a take-back clause.", extraction_status="done",
    )


@pytest.fixture
def entries(publish, carol, fedorg):
    categories = list(ProductCategory.objects.filter(is_active=True)[:3])
    criteria = {pillar: Criterion.objects.filter(pillar=pillar).first() for pillar in ("circularity", "fair")}
    fedorg.level, fedorg.region = "federal", "national"
    fedorg.save()
    a = publish(title="Laptops A", summary="Refurbished laptops.", language="nl", procedure_type="open",
                stage="awarded", document_languages=["nl", "fr"], publication_date="2023-02-01")
    a.categories.add(categories[0], categories[1])
    apply_criterion(a, code=criteria["circularity"].code, used_in="award", weight=20)
    apply_criterion(a, code=criteria["fair"].code, used_in="contract_clause", weight=None)
    b = publish(title="Laptops B", summary="Laptops and docking stations.", language="fr",
                procedure_type="restricted", stage="completed", publication_date="2024-06-01")
    b.categories.add(categories[0])
    apply_criterion(b, code=criteria["circularity"].code, used_in="specification", weight=None)
    _document(b, "en")
    c = publish(author=carol, title="Laptops C", summary="Laptops for the federal services.", language="en",
                procedure_type="open", stage="awarded", publication_date="2025-01-01")
    _document(c, "nl")
    publish(title="Servers D", summary="Servers, not the word.", language="nl")
    p1 = publish(kind="practice", title="Laptop guidance", summary="Laptops: buy refurbished.", language="en",
                 practice_type="guidance", themes=["refurbished", "take_back"])
    p1.categories.add(categories[1])
    p1.criteria.add(criteria["fair"])
    p2 = publish(kind="practice", author=carol, title="Laptop lessons", summary="Laptops: what we learned.",
                 language="nl", practice_type="lessons", themes=["refurbished"])
    _document(p2, "fr")
    return a, b, c


def _tally(params: str, user):
    """{facet: {value: count}} as the page shows them, and the number of matches."""
    found = Search(QueryDict(params), user)
    facets = found.facets()
    return {f.name: {c.value: c.count for c in f.choices} for f in facets}, found.count()


def _listed(params: str, user) -> int:
    """How many entries the filters list (the filter definition, not the facets' statement)."""
    return Search(QueryDict(params), user).count()


@pytest.mark.parametrize("base", ["kind=tenders&q=laptops", "kind=tenders", "kind=tenders&stage=awarded",
                                  "kind=tenders&doc_language=nl&pillar=circularity",
                                  "kind=practices&q=laptops", "kind=practices&theme=refurbished", "q=laptops",
                                  "q=laptops&language=en"])
def test_every_choice_counts_what_ticking_it_lists(entries, alice, base):
    _assert_every_choice_counts_what_ticking_it_lists(base, alice)


@pytest.mark.parametrize(("kind", "category", "pillar", "more"), [
    ("tenders", 0, "fair", ""), ("tenders", 1, "fair", ""), ("tenders", 0, "circularity", ""),
    ("tenders", 0, "fair", "&procedure=open"), ("tenders", 1, "circularity", "&stage=awarded&language=nl"),
    ("practices", 1, "fair", ""), ("practices", 0, "fair", "&theme=refurbished"),
])
def test_a_category_and_a_criterion_ticked_count_what_ticking_lists(entries, alice, kind, category, pillar, more):
    """With both ticked, the facets read only the matches that fail one of the two at most (a bitmap of
    their indexes): an entry that fails one is still counted by that facet's choices."""
    category = ProductCategory.objects.filter(is_active=True)[category]
    criterion = Criterion.objects.filter(pillar=pillar).first()
    base = f"kind={kind}&q=laptops&category={category.pk}&criterion={criterion.pk}{more}"
    _assert_every_choice_counts_what_ticking_it_lists(base, alice, least=1)


def _assert_every_choice_counts_what_ticking_it_lists(base, alice, least=5):
    counts, total = _tally(base, alice)
    assert total == _listed(base, alice)
    checked = 0
    for name, choices in counts.items():
        for value, count in choices.items():
            params = QueryDict(base, mutable=True)
            already = params.getlist(name)
            if already:  # a ticked facet counts over the other filters: its choices add to each other
                params.setlist(name, [value])
            else:
                params.appendlist(name, value)
            assert count == _listed(params.urlencode(), alice), (name, value)
            checked += count > 0
    assert checked >= least  # the fixture gives most facets something to count


def test_counts_by_hand(entries, alice):
    counts, total = _tally("kind=tenders&q=laptops", alice)
    assert total == 3
    assert counts["procedure"]["open"] == 2 and counts["procedure"]["restricted"] == 1
    assert counts["pillar"] == {**{k: 0 for k in counts["pillar"]}, "circularity": 2, "fair": 1}
    assert counts["used_in"]["award"] == 1 and counts["used_in"]["specification"] == 1
    # the filters themselves, against the fixture: a has both pillars (award, clause), b circularity (specification)
    listed = lambda params: {e.title for e in Search(QueryDict(params), alice).queryset("tenders")}  # noqa: E731
    assert listed("kind=tenders&q=laptops&pillar=fair") == {"Laptops A"}
    assert listed("kind=tenders&q=laptops&pillar=circularity&pillar=fair") == {"Laptops A", "Laptops B"}
    assert listed("kind=tenders&q=laptops&used_in=specification") == {"Laptops B"}
    assert listed("kind=tenders&q=laptops&used_in=award&used_in=contract_clause") == {"Laptops A"}
    assert counts["doc_language"]["nl"] == 2 and counts["doc_language"]["fr"] == 1 and counts["doc_language"]["en"] == 1
    assert counts["has_documents"] == {"yes": 2, "no": 1}
    assert counts["level"]["federal"] == 1
    first = ProductCategory.objects.filter(is_active=True).first()
    assert counts["category"][str(first.pk)] == 2
    practice_counts, practice_total = _tally("kind=practices&q=laptops", alice)
    assert practice_total == 2 and practice_counts["theme"]["refurbished"] == 2 and practice_counts["theme"]["take_back"] == 1
    # searching every kind: the shared facets add both kinds' counts
    both, both_total = _tally("q=laptops", alice)
    assert both_total == 5
    assert both["language"]["en"] == counts["language"]["en"] + practice_counts["language"]["en"] == 2


def test_counts_follow_an_entry_whose_categories_and_criteria_change(entries, alice):
    """The facets read each entry's own id arrays: every way its links change rewrites them."""
    a, b, _c = entries
    first = ProductCategory.objects.filter(is_active=True).first()
    circular, fair = (Criterion.objects.filter(pillar=p).first() for p in ("circularity", "fair"))

    b.categories.remove(first)
    b.applied_criteria.all().delete()
    counts, _total = _tally("kind=tenders&q=laptops", alice)
    assert counts["category"][str(first.pk)] == 1
    assert counts["criterion"][str(circular.pk)] == 1
    assert counts["pillar"]["circularity"] == 1
    assert counts["used_in"]["specification"] == 0 and counts["used_in"]["award"] == 1

    a.categories.clear()
    apply_criterion(b, code=fair.code, used_in="award", weight=10)
    counts, _total = _tally("kind=tenders&q=laptops", alice)
    assert counts["category"][str(first.pk)] == 0
    assert counts["criterion"][str(fair.pk)] == 2
    assert counts["pillar"]["fair"] == 2
    assert counts["used_in"]["award"] == 2

    practice = Practice.objects.get(title="Laptop guidance")
    practice.criteria.remove(fair)
    practice.categories.add(first)
    counts, _total = _tally("kind=practices&q=laptops", alice)
    assert counts["criterion"][str(fair.pk)] == 0
    assert counts["category"][str(first.pk)] == 1


def test_links_changed_from_the_category_or_criterion_side_change_what_the_filters_list(entries, alice):
    """The category and criterion filters read the entry's row too (search.filters.ROW_IDS): a link
    added, removed or cleared from the other side rewrites it as well."""
    a, b, c = entries
    first = ProductCategory.objects.filter(is_active=True).first()
    fair = Criterion.objects.filter(pillar="fair").first()

    def listed(params):
        return {row["pk"] for row in Search(QueryDict(params), alice).rows()}

    assert listed(f"kind=tenders&category={first.pk}") == {a.pk, b.pk}
    first.tenders.add(c)
    assert listed(f"kind=tenders&category={first.pk}") == {a.pk, b.pk, c.pk}
    first.tenders.remove(a)
    assert listed(f"kind=tenders&category={first.pk}") == {b.pk, c.pk}
    first.tenders.clear()
    assert listed(f"kind=tenders&category={first.pk}") == set()
    counts, _total = _tally("kind=tenders", alice)
    assert counts["category"][str(first.pk)] == 0

    guidance = Practice.objects.get(title="Laptop guidance")
    lessons = Practice.objects.get(title="Laptop lessons")
    assert listed(f"kind=practices&criterion={fair.pk}") == {guidance.pk}
    fair.practices.add(lessons)
    assert listed(f"kind=practices&criterion={fair.pk}") == {guidance.pk, lessons.pk}
    fair.practices.clear()
    assert listed(f"kind=practices&criterion={fair.pk}") == set()


def test_a_criterion_moved_to_another_pillar_moves_its_tenders(entries, alice, django_capture_on_commit_callbacks):
    """A tender's pillars are kept on its row (criterion_pillars): a coordinator who moves a criterion
    to another pillar moves the counts, the filter and the marks of the tenders that apply it."""
    fair = Criterion.objects.filter(pillar="fair").first()
    before, _total = _tally("kind=tenders&q=laptops", alice)
    assert before["pillar"]["fair"] == 1 and before["pillar"]["climate"] == 0

    with django_capture_on_commit_callbacks(execute=True):  # the task that rewrites them runs after the commit
        fair.pillar = "climate"
        fair.save()
    after, _total = _tally("kind=tenders&q=laptops", alice)
    assert after["pillar"]["fair"] == 0 and after["pillar"]["climate"] == 1
    found = Search(QueryDict("kind=tenders&q=laptops&pillar=climate"), alice)
    [result] = found.results(found.rows()[:20])
    assert ">Laptops A</a>" in result.row
    assert re.findall(r'class="pillar pillar-(\w+)"', result.row) == ["circularity", "climate"]


def test_one_statement_per_kind_for_every_facet(entries, alice):
    """However many facets and ticked values: one statement per kind searched, plus the choice lists."""
    # Warm the per-process caches (content types, words, the CPV divisions to pick from) with other
    # words: a search's counts are kept.
    Search(QueryDict("q=tablets"), alice).facets()
    Search(QueryDict("kind=tenders&q=tablets"), alice).facets()
    with CaptureQueriesContext(connection) as plain:
        Search(QueryDict("kind=tenders&q=laptops"), alice).facets()
    with CaptureQueriesContext(connection) as ticked:
        Search(QueryDict("kind=tenders&q=laptops&stage=awarded&procedure=open&region=flanders&pillar=fair"
                         f"&organisation={Organisation.objects.first().pk}"), alice).facets()
    with CaptureQueriesContext(connection) as both:
        Search(QueryDict("q=laptops"), alice).facets()
    def facet_statements(captured):
        return [q["sql"] for q in captured.captured_queries
                if q["sql"].startswith("WITH matched(")]

    assert len(facet_statements(plain)) == 1
    [statement] = facet_statements(ticked)
    # four ticked facets (the organisation is a filter without counts): the matching entries read
    # once, with a flag per ticked facet, then counted in one pass of grouping sets for each set of
    # entries counted (those all the filters let through, and those each ticked facet's others do);
    # the words matched once
    assert statement.count(" AS MATERIALIZED (") == 6
    assert statement.count("GROUPING SETS") == 5
    assert re.findall(r"\bticked_\d\b", statement.split(" AS MATERIALIZED (")[0]) == [
        "ticked_1", "ticked_2", "ticked_3", "ticked_4"]
    assert len(re.findall(r'search_vector"? @@', statement)) == 1
    assert statement.count('FROM "tenders_tender"') == 1
    assert len(facet_statements(both)) == 2
    # category and criterion choices are read once for both kinds
    assert len(both.captured_queries) == len(plain.captured_queries) + 1
    assert Tender.objects.published().count() == 4


def test_a_search_of_both_kinds_validates_its_filters_once(entries, alice):
    """Both kinds are filtered by the same shared filters: a ticked category is looked up once, not once per kind."""
    category = ProductCategory.objects.filter(is_active=True).first()
    with CaptureQueriesContext(connection) as captured:
        found = Search(QueryDict(f"q=laptops&category={category.pk}&year_min=abc"), alice)
        found.facets()
    lookups = [q["sql"] for q in captured.captured_queries
               if q["sql"].startswith('SELECT "taxonomy_productcategory"') and '"id" IN' in q["sql"]]
    assert len(lookups) == 1
    assert found.notes == ["The filter “From year” was ignored: Enter a number."]
    assert {name: {e.title for e in found.queryset(name)} for name in found.filtersets} == {
        "tenders": {e.title for e in Tender.objects.published().filter(categories=category)},
        "practices": {e.title for e in Practice.objects.published().filter(categories=category)},
    }


def test_counts_follow_the_documents_whatever_changes_them(entries, alice):
    """The documents' languages are kept on their entry by the database (search migration 0004):
    a document added, given another language, moved to another entry or deleted changes the counts."""
    a, b, c = entries
    counts, _total = _tally("kind=tenders&q=laptops", alice)
    assert counts["doc_language"] == {"nl": 2, "fr": 1, "en": 1, "de": 0}
    assert counts["has_documents"] == {"yes": 2, "no": 1}

    _document(a, "de")
    Document.objects.filter(object_id=b.pk, content_type__model="tender").update(language="fr")
    counts, _total = _tally("kind=tenders&q=laptops", alice)
    assert counts["doc_language"] == {"nl": 2, "fr": 2, "en": 0, "de": 1}
    assert counts["has_documents"] == {"yes": 3, "no": 0}

    Document.objects.filter(object_id=c.pk, content_type__model="tender").update(object_id=a.pk)
    Document.objects.filter(object_id=b.pk, content_type__model="tender").delete()
    counts, _total = _tally("kind=tenders&q=laptops", alice)
    assert counts["doc_language"] == {"nl": 1, "fr": 1, "en": 0, "de": 1}  # a's declared nl and fr, its de
    assert counts["has_documents"] == {"yes": 1, "no": 2}
    assert _listed("kind=tenders&q=laptops&has_documents=yes", alice) == 1
    assert list(Tender.objects.filter(pk=a.pk).values_list("uploaded_languages", flat=True)) == [["de", "nl"]]


def test_the_migrations_fill_the_facet_columns_of_entries_from_before(entries, alice, settings):
    """tenders 0015, 0017 and practices 0011 write the new columns of every existing entry."""
    import importlib

    settings.ENTRY_CONTENT_SECONDS = 0  # the columns are written behind the portal's back: count each time
    from django.apps import apps

    before, _total = _tally("kind=tenders&q=laptops", alice)
    practices_before, _total = _tally("kind=practices&q=laptops", alice)
    with connection.cursor() as cursor:  # as the rows were before the columns existed
        cursor.execute("UPDATE tenders_tender SET criterion_uses = '{}', uploaded_languages = '{}', "
                       "criterion_pillars = '{}'")
        cursor.execute("UPDATE practices_practice SET uploaded_languages = '{}'")
    emptied, _total = _tally("kind=tenders&q=laptops", alice)
    assert emptied["used_in"]["award"] == 0 and emptied["has_documents"]["yes"] == 0
    assert not any(emptied["pillar"].values())

    for module in ("tenders.migrations.0015_facet_columns", "tenders.migrations.0017_criterion_pillars",
                   "practices.migrations.0011_facet_columns"):
        importlib.import_module(module).fill(apps, None)
    assert _tally("kind=tenders&q=laptops", alice)[0] == before
    assert _tally("kind=practices&q=laptops", alice)[0] == practices_before
    assert before["used_in"]["award"] == 1 and before["has_documents"]["yes"] == 2
    assert dict(Practice.objects.values_list("title", "uploaded_languages")) == {
        "Laptop guidance": [], "Laptop lessons": ["fr"]}


@pytest.mark.parametrize("params", ["kind=tenders&stage=awarded", "kind=tenders&q=laptops&stage=awarded"])
def test_the_facets_of_a_search_are_kept_until_an_entry_changes(entries, alice, bob, publish, params):
    """Every member gets the same counts for the same words and filters until an entry of the kinds
    searched changes (entries.changes): kept for the next page, another order, the back button."""
    first, total = _tally(params, alice)
    with CaptureQueriesContext(connection) as captured:
        again = _tally(params + "&sort=oldest&page=2", bob)
    assert again == (first, total)
    assert not [q for q in captured.captured_queries if "WITH m0" in q["sql"]], "counted again"
    ticked = Search(QueryDict(params), alice).facets()
    assert [c.checked for f in ticked if f.name == "stage" for c in f.choices if c.value == "awarded"] == [True]

    publish(title="Laptops E", summary="More laptops.", procedure_type="open", stage="awarded")
    after, after_total = _tally(params, alice)
    assert after_total == total + 1
    assert after["procedure"]["open"] == first["procedure"]["open"] + 1


def test_a_kept_search_finds_a_document_once_its_text_is_read(publish, alice, django_capture_on_commit_callbacks):
    """The text of a document is read after it was attached (a task): the kept counts of a search
    for its words follow at once."""
    from buyersgroup.documents import services
    from buyersgroup.documents.tasks import extract_document_text
    from tests.documents import files

    tender = publish(title="Laptops F", summary="Laptops.")
    with django_capture_on_commit_callbacks(execute=False):  # the text is not read yet
        document = services.attach(tender, files.upload("bestek.pdf", files.pdf_bytes("Een zwaluwstaartverbinding")),
                                   doc_type="specification", language="nl", by=alice)
    assert _tally("q=zwaluwstaartverbinding", alice)[1] == 0
    with CaptureQueriesContext(connection) as captured:
        assert _tally("q=zwaluwstaartverbinding", alice)[1] == 0
    assert not [q for q in captured.captured_queries if "WITH m0" in q["sql"]], "counted again"

    assert extract_document_text.call(document.pk) == "done"
    assert _tally("q=zwaluwstaartverbinding", alice)[1] == 1
    found = Search(QueryDict("q=zwaluwstaartverbinding"), alice)
    [result] = found.results(found.rows()[:20])
    assert ">Laptops F</a>" in result.row and result.snippet.name == "bestek.pdf"




def test_a_facet_list_escapes_its_names_values_and_labels():
    """Names of organisations and categories are typed by people: the facet list escapes them."""
    from buyersgroup.search.facets import Choice, Facet
    from buyersgroup.search.templatetags.search_tags import facet_list

    html = facet_list([Facet("org", 'R&D <b>"Labs"</b>', [
        Choice("1", "Ville d'Liège <script>", 3, True), Choice("2", "A&B", 0, False)])])
    assert html == (
        '<details class="facet" data-facet="org" open>\n  <summary>R&amp;D &lt;b&gt;&quot;Labs&quot;&lt;/b&gt;</summary>\n'
        '  <fieldset>\n    <legend class="visually-hidden">R&amp;D &lt;b&gt;&quot;Labs&quot;&lt;/b&gt;</legend>\n'
        '    <ul class="facet-choices">\n'
        '      <li><label><input type="checkbox" name="org" value="1" checked>\n'
        '        Ville d&#x27;Liège &lt;script&gt; <span class="facet-count">(3)</span></label></li>\n'
        '      <li class="facet-empty"><label><input type="checkbox" name="org" value="2">\n'
        '        A&amp;B <span class="facet-count">(0)</span></label></li>\n'
        '    </ul>\n  </fieldset>\n</details>')


def test_an_empty_model_choice_is_not_evaluated_to_find_it_empty():
    """A category or criterion left unticked is cleaned to ``none()``: checked without compiling it."""
    from buyersgroup.search.filters import ticked

    empty = ProductCategory.objects.none()
    assert not ticked(empty) and empty._result_cache is None
    chosen = ProductCategory.objects.filter(pk__in=ProductCategory.objects.values("pk")[:1])
    assert ticked(chosen) and ticked(["open"]) and not ticked([]) and not ticked(None) and not ticked("")


def test_the_cpv_divisions_of_the_masks_are_the_vocabularys():
    """A tender's divisions are counted from a mask of CPV_DIVISIONS (tenders.models.division_bits):
    a division of the vocabulary missing from it would never be counted."""
    from buyersgroup.taxonomy.cpv import CPV_DIVISIONS
    from buyersgroup.taxonomy.models import CpvCode

    divisions = [code[:2] for code in CpvCode.objects.filter(parent__isnull=True).values_list("code", flat=True)]
    assert divisions, "the CPV vocabulary is not loaded"
    assert tuple(sorted(divisions)) == CPV_DIVISIONS


def test_every_model_change_has_its_migration():
    """The masks' known values are written into their columns' expressions (core.db.ArrayBits): a
    pillar, a use or a language added without a migration would go uncounted. makemigrations sees it."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit:
        raise AssertionError(f"changes without a migration:\n{out.getvalue()}") from exit
