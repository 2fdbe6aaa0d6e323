"""Full-text search: word forms, accents, web syntax, classification labels, snippets, visibility."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.http import QueryDict

from buyersgroup.documents.models import Document
from buyersgroup.moderation.models import Status
from buyersgroup.search import query
from buyersgroup.search.filters import TenderFilter
from practices.models import Practice
from tenders.models import Tender
from tests.tenders.factories import TenderFactory, apply_criterion

pytestmark = pytest.mark.django_db


def found(text, model=Tender):
    """The titles of the entries ``text`` matches: both ways of matching the words find the same."""
    by_ids, in_row = (set(query.matching(model.objects.published(), text, how).values_list("title", flat=True))
                      for how in (query.BY_IDS, query.IN_ROW))
    assert by_ids == in_row
    return by_ids


@pytest.fixture
def corpus(publish):
    publish(title="Laptop voor de scholen", summary="Duurzame toestellen met vijf jaar garantie.", language="nl",
            main_cpv_id="30213100")
    publish(title="Ordinateurs pour les écoles", summary="Critère de réparabilité et reprise des appareils.",
            language="fr", main_cpv_id="30213000")
    publish(title="Refurbished laptops for the ministry", summary="Leasing of devices with a take-back clause.",
            language="en", main_cpv_id="30200000")
    publish(title="Smartphones for staff", summary="Fairphone devices with a take-back programme.", language="en",
            main_cpv_id="32250000")


def test_word_forms_in_three_languages(corpus):
    assert found("laptops") == {"Laptop voor de scholen", "Refurbished laptops for the ministry"}
    assert found("duurzaam") == {"Laptop voor de scholen"}
    assert found("appareil") == {"Ordinateurs pour les écoles"}
    # "ordinateur" also finds the Dutch tender: its CPV code is labelled "Ordinateurs portables"
    assert found("ordinateur") == {"Ordinateurs pour les écoles", "Laptop voor de scholen"}


def test_accents_and_case_are_ignored(corpus):
    assert found("reparabilite") == {"Ordinateurs pour les écoles"}
    assert found("ÉCOLES") == {"Ordinateurs pour les écoles"}


def test_phrase_exclusion_and_or(corpus):
    assert found('"take-back clause"') == {"Refurbished laptops for the ministry"}
    assert found("take-back -leasing") == {"Smartphones for staff"}
    assert found("smartphones OR reparabilite") == {"Smartphones for staff", "Ordinateurs pour les écoles"}


def test_cpv_label_in_another_language_finds_the_tender(corpus):
    # 30213100 is "Draagbare computers" / "Ordinateurs portables" / "Portable computers"
    assert found("ordinateurs portables") == {"Laptop voor de scholen"}
    assert "Laptop voor de scholen" in found("portable computers")


def test_a_tender_found_by_its_classification_shows_the_label_that_matched(corpus):
    """Found by a label of its CPV code in another language: the snippet shows that label."""
    dutch = Tender.objects.get(title="Laptop voor de scholen")
    snippet = query.snippets(Tender, [dutch.pk], "ordinateurs portables")[dutch.pk]
    assert (snippet.source, snippet.name, snippet.document_id) == ("classification", "", None)
    assert "<mark>Ordinateurs</mark> <mark>portables</mark>" in snippet.html
    # "computers" is in the Dutch label ("Draagbare computers") and the English one: the reader's language first
    assert query.snippets_of({Tender: [dutch.pk]}, "computers", "nl")[(Tender, dutch.pk)].headline == \
        "Draagbare \x01computers\x02"
    assert query.snippets_of({Tender: [dutch.pk]}, "computers", "en")[(Tender, dutch.pk)].headline == \
        "Portable \x01computers\x02"
    # Its own words come first: "laptop" is in its title (and in its English label)
    assert query.snippets(Tender, [dutch.pk], "laptop")[dutch.pk].source == "title"


def test_names_are_read_only_for_the_entries_found_by_nothing_else(corpus, django_assert_num_queries):
    dutch, english = (Tender.objects.get(title=title) for title in ("Laptop voor de scholen",
                                                                    "Refurbished laptops for the ministry"))
    query.snippets(Tender, [english.pk], "laptops")  # the content types are read once
    with django_assert_num_queries(1):  # found in its title: the page's one query
        assert query.snippets(Tender, [english.pk, dutch.pk], "laptops")[dutch.pk].source == "title"
    with django_assert_num_queries(2):  # found by its classification only: one more, for it alone
        found = query.snippets(Tender, [english.pk, dutch.pk], "portable computers")
    assert {pk: snippet.source for pk, snippet in found.items()} == {dutch.pk: "classification"}


def test_an_entry_found_by_its_organisation_shows_its_name(publish, alice):
    tender = publish(title="Printers", summary="Office printers.", language="en")
    practice = publish(kind="practice", title="Repair café", summary="Printers repaired on site.", language="en")
    name = alice.organisation.name
    word = name.split()[-1]
    found_by_name = query.snippets_of({Tender: [tender.pk], Practice: [practice.pk]}, word)
    assert {key: (s.source, s.headline.replace("\x01", "").replace("\x02", "")) for key, s in found_by_name.items()} == {
        (Tender, tender.pk): ("organisation", name), (Practice, practice.pk): ("organisation", name)}
    assert f"<mark>{word}</mark>" in found_by_name[(Tender, tender.pk)].html


def test_criterion_names_and_notes_are_searchable(publish):
    tender = publish(title="Servers", summary="Rack servers.", language="nl")
    apply_criterion(tender, note="Leverancier levert onderdelen gedurende zeven jaar")
    assert found("onderdelen") == {"Servers"}


def test_document_text_in_its_own_language(publish, alice):
    tender = publish(title="Printers", summary="Multifunction printers.", language="en")
    Document.objects.create(
        content_type=ContentType.objects.get_for_model(Tender), object_id=tender.pk, original_name="cahier.pdf",
        doc_type="specification", language="fr", size=1, sha256="0" * 64, kind="pdf", mime="application/pdf",
        text="Les imprimantes doivent être réparables pendant dix ans.", extraction_status="done",
    )
    assert found("réparable") == {"Printers"}
    snippet = query.snippets(Tender, [tender.pk], "reparable")[tender.pk]
    assert (snippet.source, snippet.name) == ("document", "cahier.pdf")
    assert "<mark>réparables</mark>" in snippet.html


def _document(entry, text, name="spec.pdf", language="en"):
    return Document.objects.create(
        content_type=ContentType.objects.get_for_model(entry), object_id=entry.pk, original_name=name,
        doc_type="specification", language=language, size=1, sha256="0" * 64, kind="pdf", mime="application/pdf",
        text=text, extraction_status="done",
    )


def test_a_pdf_snippet_names_the_page_the_words_are_on(publish):
    tender = publish(title="Printers", summary="Office printers.", language="en")
    _document(tender, "Scope and lots.\fAward criteria.\fThe supplier takes back the toner cartridges.\f")
    snippet = query.snippets(Tender, [tender.pk], "cartridges")[tender.pk]
    assert (snippet.source, snippet.name, snippet.page) == ("document", "spec.pdf", 3)
    assert "<mark>cartridges</mark>" in snippet.html and "Award" not in snippet.headline
    from buyersgroup.search.service import Result
    result = Result("tenders", tender.pk, "", snippet)
    assert result.source_label == "spec.pdf, page 3"
    assert result.source_html == f'<a href="/tenders/{tender.pk}/#document-{snippet.document_id}">spec.pdf, page 3</a>'
    from django.utils import translation

    with translation.override("fr"):
        assert result.source_line == (f'Dans <a href="/tenders/{tender.pk}/#document-{snippet.document_id}">'
                                      "spec.pdf, page 3</a>\xa0:")  # a no-break space before the colon, as French sets it


def test_words_split_over_two_pages_give_the_document_without_a_page(publish):
    tender = publish(title="Printers", summary="Office printers.", language="en")
    _document(tender, "The supplier takes back\fthe toner cartridges.\f")
    snippet = query.snippets(Tender, [tender.pk], "supplier cartridges")[tender.pk]
    assert (snippet.source, snippet.page) == ("document", None)
    assert "<mark>supplier</mark>" in snippet.html and "<mark>cartridges</mark>" in snippet.html


def test_no_page_for_a_document_read_without_pages(publish):
    tender = publish(title="Printers", summary="Office printers.", language="en")
    read_before = _document(tender, "The toner cartridges are taken back.")  # read before pages were kept
    snippet = query.snippets(Tender, [tender.pk], "cartridges")[tender.pk]
    assert (snippet.name, snippet.page) == ("spec.pdf", None)
    read_before.delete()
    odt = _document(tender, "Cartridges.\fMore cartridges.", name="annex.odt")
    Document.objects.filter(pk=odt.pk).update(kind="odt")
    snippet = query.snippets(Tender, [tender.pk], "cartridges")[tender.pk]
    assert (snippet.name, snippet.page) == ("annex.odt", None)


def test_the_entry_own_words_come_before_its_documents(publish):
    tender = publish(title="Toner cartridges", summary="Office printers.", language="en")
    _document(tender, "Intro.\fCartridges are taken back.\f")
    snippet = query.snippets(Tender, [tender.pk], "cartridges")[tender.pk]
    assert (snippet.source, snippet.page) == ("title", None)


def test_the_words_of_documents_follow_them_added_extracted_moved_deleted(publish):
    """The database keeps each entry's documents' words on the entry, whatever code changes the documents."""
    printers = publish(title="Printers", summary="Office printers.", language="en")
    servers = publish(title="Servers", summary="Rack servers.", language="en")
    first = _document(printers, "Toner cartridges are taken back by the supplier.")
    assert found("cartridges") == {"Printers"}
    second = _document(printers, "", name="annex.pdf")
    assert found("duplex") == set()
    second.text = "Duplex printing by default."  # as the extraction task does, when it is done
    second.save(update_fields=["text"])
    assert found("duplex") == {"Printers"} and found("cartridges") == {"Printers"}
    Document.objects.filter(pk=first.pk).update(object_id=servers.pk)  # moved without signals
    assert found("cartridges") == {"Servers"} and found("duplex") == {"Printers"}
    second.delete()
    assert found("duplex") == set()
    assert found("printers") == {"Printers"}  # its own words stay


def test_snippet_names_its_source_and_escapes_html(publish):
    tender = publish(title="Tablets <b>now</b>", summary="Tablets with <script>x</script> keyboards.", language="en")
    apply_criterion(tender, note="Keyboards must be repairable")
    title = query.snippets(Tender, [tender.pk], "tablets")[tender.pk]
    assert title.source == "title"
    assert title.html == "<mark>Tablets</mark> &lt;b&gt;now&lt;/b&gt;"
    assert query.snippets(Tender, [tender.pk], "keyboards")[tender.pk].source == "summary"
    assert query.snippets(Tender, [tender.pk], "repairable")[tender.pk].source == "criterion"


def test_each_entry_of_a_page_names_the_first_of_its_texts_holding_the_words(publish):
    """Title, then summary, then text, then a criterion note, then a document: one statement for a
    page of entries of both kinds, each entry named by its own first source (the title and summary
    are told by their weights in the entry's vector, search.config.WEIGHTS)."""
    in_title = publish(title="Modular laptops", summary="Modular laptops for schools.", language="en",
                       outcome="Modular laptops were delivered.")
    in_summary = publish(title="Notebooks", summary="Modular notebooks.", language="en", outcome="Modular.")
    in_text = publish(title="Tablets", summary="Tablets for staff.", language="en",
                      lessons_learned="Ask for modular designs.")
    in_note = publish(title="Phones", summary="Phones for staff.", language="en")
    apply_criterion(in_note, note="Modular batteries")
    apply_criterion(in_title, note="Modular keyboards")
    in_document = publish(title="Screens", summary="Screens for staff.", language="en")
    _document(in_document, "Intro.\fThe screens are modular.\f")
    practice = publish(kind="practice", title="Repair café", summary="What we learned.", language="en",
                       body="Modular **devices** are easier to repair.")
    found = query.snippets_of({Tender: [in_title.pk, in_summary.pk, in_text.pk, in_note.pk, in_document.pk],
                               Practice: [practice.pk]}, "modular")
    sources = {pk: (snippet.source, snippet.page) for (_model, pk), snippet in found.items() if _model is Tender}
    assert sources == {in_title.pk: ("title", None), in_summary.pk: ("summary", None), in_text.pk: ("text", None),
                       in_note.pk: ("criterion", None), in_document.pk: ("document", 2)}
    assert found[(Tender, in_note.pk)].html == "<mark>Modular</mark> batteries"
    # The text of a tender with no outcome is its lessons alone, not started by a space (concat_ws of '').
    assert found[(Tender, in_text.pk)].html == "Ask for <mark>modular</mark> designs."
    shown = {key: " ".join(snippet.html.split()) for key, snippet in found.items()}  # as a browser lays it out
    assert found[(Practice, practice.pk)].source == "text"
    assert shown[(Practice, practice.pk)] == "<mark>Modular</mark> devices are easier to repair."


def test_a_tender_found_by_its_reference_or_purchasing_body_names_it(publish):
    tender = publish(title="Printers", summary="Office printers.", language="en", reference="2025/ICT/014",
                     central_purchasing_body="FOR-CMS framework")
    by_reference = query.snippets(Tender, [tender.pk], "2025/ICT/014")[tender.pk]
    assert by_reference.source == "reference" and "<mark>" in by_reference.html
    by_body = query.snippets(Tender, [tender.pk], "FOR-CMS")[tender.pk]
    assert by_body.source == "purchasing_body" and by_body.html.endswith("framework")
    from django.utils import translation

    from buyersgroup.search.service import Result
    with translation.override("nl"):
        assert Result("tenders", tender.pk, "", by_body).source_line == "In aankoopcentrale:"
    with translation.override("fr"):
        assert Result("tenders", tender.pk, "", by_reference).source_line == "Dans référence\xa0:"


def test_ranking_title_above_summary_above_document(publish):
    doc_only = publish(title="Desktops", summary="Office desktops.", language="en")
    Document.objects.create(
        content_type=ContentType.objects.get_for_model(Tender), object_id=doc_only.pk, original_name="spec.pdf",
        doc_type="specification", language="en", size=1, sha256="0" * 64, kind="pdf", mime="application/pdf",
        text="Monitors are included.", extraction_status="done",
    )
    publish(title="Docking stations", summary="Docking stations for monitors.", language="en")
    publish(title="Monitors for the office", summary="Screens.", language="en")
    ranked = query.with_rank(query.matching(Tender.objects.published(), "monitors"), "monitors").order_by("-rank")
    assert [t.title for t in ranked] == ["Monitors for the office", "Docking stations", "Desktops"]


def test_recent_entries_rank_slightly_ahead_among_equals(publish):
    from datetime import timedelta

    from django.utils import timezone
    now = timezone.now()
    publish(title="Monitors, framework of 2021", summary="Screens.", language="en",
            published_at=now - timedelta(days=4 * 365))
    publish(title="Monitors, framework of this year", summary="Screens.", language="en", published_at=now)
    publish(title="Monitors, framework of 2023", summary="Screens.", language="en",
            published_at=now - timedelta(days=2 * 365))
    publish(title="Docking stations", summary="Docking stations for monitors.", language="en", published_at=now)
    ranked = list(query.with_rank(query.matching(Tender.objects.published(), "monitors"), "monitors")
                  .order_by("-rank"))
    # Among equal matches the newest first; a match in the summary only, however recent, stays below.
    assert [t.title for t in ranked] == ["Monitors, framework of this year", "Monitors, framework of 2023",
                                         "Monitors, framework of 2021", "Docking stations"]
    assert isinstance(ranked[0].rank, float)
    assert ranked[0].rank / ranked[2].rank < 1.1


def test_only_published_entries_are_found(publish, alice):
    def make_tender(status, **fields):
        return TenderFactory(author=alice, status=status, **fields)

    make_tender(status=Status.DRAFT, title="Zyxqword draft")
    make_tender(status=Status.SUBMITTED, title="Zyxqword submitted")
    published = publish(title="Visible", summary="Nothing special.")
    Tender.objects.create(**{**{f.attname: getattr(published, f.attname) for f in Tender.content_fields()},
                             "title": "Zyxqword pending edit"}, revision_of=published, status=Status.SUBMITTED,
                          author=alice, organisation=published.organisation)
    hidden = make_tender(status=Status.SUBMITTED, title="Hidden")
    Document.objects.create(
        content_type=ContentType.objects.get_for_model(Tender), object_id=hidden.pk, original_name="x.pdf",
        doc_type="other", language="en", size=1, sha256="0" * 64, kind="pdf", mime="application/pdf",
        text="zyxqword in a document", extraction_status="done",
    )
    assert found("zyxqword") == set()
    assert query.suggestion("zyxqwerd") is None


def test_stop_words_only_and_odd_input_match_nothing_without_error(corpus):
    assert not query.has_words("the de et")
    assert not query.has_words("& | ! ( ) :*")
    assert query.has_words("laptops")
    for text in ["'; DROP TABLE tenders_tender; --", '"unbalanced', "a\x00b", "x" * 5000, "!!!(((", "laptop:*"]:
        found(query.clean(text))


def test_typo_suggestion_from_titles_and_organisations(corpus, alice, fedorg):
    assert query.suggestion("refurbishd") == "refurbished"
    assert query.suggestion("laptops") is None
    assert query.suggestion("smartphnes refurbishd") == "smartphones refurbished"
    # The name of an organisation with a published entry; not of one without.
    organisation = alice.organisation
    organisation.name = "Stad Oudenaarde"
    organisation.save()
    assert query.suggestion("oudenarde") == "oudenaarde"
    fedorg.name = "Gemeente Zwijndrecht"
    fedorg.save()
    assert query.suggestion("zwyndrecht") is None


def test_no_suggestion_for_a_word_the_search_finds(publish):
    """A word the search finds, by its stem or in a document, is not "corrected": the suggestion would
    find the same entries. Another word of the query still is."""
    tender = publish(title="Duurzame laptops voor scholen", summary="Tweedehands toestellen.", language="nl")
    _document(tender, "De leverancier neemt de toner terug.", language="nl")
    assert found("laptop") == {"Duurzame laptops voor scholen"}  # "laptop" finds "laptops" by its stem
    assert query.suggestion("laptop") is None
    assert query.suggestion("duurzaam") is None
    assert query.suggestion("toner") is None  # in a document only
    assert query.suggestion("laptop scholn") == "laptop scholen"
    assert query.suggestion("lapttops") == "laptops"


@pytest.mark.parametrize("how", [query.BY_IDS, query.IN_ROW])
def test_words_match_published_entries_only_whatever_the_queryset(alice, publish, how):
    """The indexes of words hold the published entries only (entries.models.words_indexes): a draft, an
    entry waiting for review and a pending revision are never matched, even from a queryset of every entry."""
    published = publish(title="Xylofoon voor de muziekschool", language="nl")
    TenderFactory(author=alice, status=Status.DRAFT, title="Xylofoon in ontwerp", language="nl")
    TenderFactory(author=alice, status=Status.SUBMITTED, title="Xylofoon ingediend", language="nl")
    TenderFactory(author=alice, status=Status.DRAFT, revision_of=published, title="Xylofoon herzien", language="nl")
    with connection.cursor() as cursor:  # every entry's words written, as a save writes them (search.indexing)
        cursor.execute("UPDATE tenders_tender SET search_vector = to_tsvector('dutch_unaccent', title)")
    matched = query.matching(Tender.objects.all(), "xylofoon", how)
    assert list(matched.values_list("title", flat=True)) == ["Xylofoon voor de muziekschool"]


def test_practices_are_searchable(publish):
    publish(kind="practice", title="Terugname van laptops", summary="Hoe we oude toestellen lieten herstellen.",
            body="De leverancier **herstelt** de toestellen.", language="nl")
    assert found("herstellen", Practice) == {"Terugname van laptops"}


def test_explain_uses_the_gin_indexes_on_many_tenders(alice):

    tender = TenderFactory(author=alice, status=Status.PUBLISHED, title="Tender 0 for printers")
    with connection.cursor() as cursor:  # 20,000 more rows like it, inserted by the database itself
        cursor.execute(
            "INSERT INTO tenders_tender (status, author_id, organisation_id, version, created_at, updated_at, "
            "published_at, title, reference, summary, language, contract_type, procedure_type, framework_agreement, "
            "central_purchasing_body, stage, notice_url, document_languages, outcome, lessons_learned, search_vector) "
            "SELECT status, author_id, organisation_id, 1, created_at, updated_at, published_at, t, reference, "
            "summary, language, contract_type, procedure_type, false, '', stage, '', '{}', '', '', "
            "to_tsvector('english_unaccent', t) FROM tenders_tender, "
            "LATERAL (SELECT 'Tender ' || i || ' for ' || CASE WHEN i %% 500 = 0 THEN 'printers' ELSE "
            "(ARRAY['desks', 'laptops', 'phones', 'servers', 'cables'])[1 + i %% 5] || ' lot ' || (i %% 97) END AS t "
            "FROM generate_series(1, 20000) AS i) AS g WHERE id = %s", [tender.pk])
        cursor.execute("SELECT gin_clean_pending_list('tender_search_vector')")
        cursor.execute("ANALYZE tenders_tender")
    queryset = query.matching(Tender.objects.published(), "printers")
    assert queryset.count() == 41
    plan = queryset.explain()
    assert "tender_search_vector" in plan
    # The documents' words are matched on the tender (its documents_vector), never by reading the documents.
    assert "tender_documents_vector" in plan and "documents_document" not in plan

    # A statement that reads every match (the facets, the number of matches, the ranking) matches the words
    # on each row, answered by the indexes of published entries: each match's row is read once, from their
    # bitmap (not found by id first and read again by key).
    every = TenderFilter(QueryDict("q=printers"), queryset=Tender.objects.published()).every_match()
    assert every.count() == 41
    plan = every.explain()
    assert "Bitmap Heap Scan on tenders_tender" in plan and "tenders_tender_pkey" not in plan, plan
    assert "tender_search_vector" in plan and "tender_documents_vector" in plan, plan
    assert Tender.objects.filter(pk__in=every.values("pk")).count() == 41  # a subquery names the table otherwise
    # A word in every tender ("Tender" of each title): such a statement finds it through the indexes
    # of words all the same (query.EVERY). Seen through, PostgreSQL judged reading every published
    # tender and checking its words cheaper (at 100,000 tenders: 457 ms against 120 for 'laptop').
    common = TenderFilter(QueryDict("q=tender"), queryset=Tender.objects.published()).every_match()
    plan = common.explain()
    assert "tender_search_vector" in plan and "tender_documents_vector" in plan, plan
    assert common.count() == 20001
    # A region and a level ticked select their organisations' ids first: joined to the organisations,
    # PostgreSQL matched the words once per organisation. A category ticked: the words' matches are found
    # first (its link table, read alone, could be ten times larger than the matches).
    organisation = tender.organisation
    asked = QueryDict(f"q=printers&region={organisation.region}&level={organisation.level}")
    regional = TenderFilter(asked, queryset=Tender.objects.published()).every_match()
    assert "JOIN" not in str(regional.query) and regional.count() == 41
    other = "wallonia" if organisation.region != "wallonia" else "flanders"
    assert TenderFilter(QueryDict(f"q=printers&region={other}"), queryset=Tender.objects.published()).every_match(
    ).count() == 0

    # The CPV filter reads the codes' first digits of the published tenders from their index (reading
    # every published tender's row took 110 ms at 100,000 tenders).
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tenders_tender SET cpv_prefixes = '{48,488,4882}' WHERE title LIKE '%%printers'")
        cursor.execute("SELECT gin_clean_pending_list('tender_cpv_prefixes')")
        cursor.execute("ANALYZE tenders_tender")
    by_code = TenderFilter(QueryDict("cpv=488"), queryset=Tender.objects.published()).qs
    assert by_code.count() == 41
    plan = by_code.explain()
    assert "tender_cpv_prefixes" in plan, plan

    # "Did you mean …?" reads the titles close to the word typed through their trigram index: reading
    # every published title to list its words took 0.7 s per search with few results at 100,000 tenders.
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert query.suggestion("printrs") == "printers"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {captured.captured_queries[-1]['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "tender_title_trgm" in plan, plan

    # A category and a criterion ticked are read from the ids each tender's row keeps, through their GIN
    # indexes, as a bitmap combined with the words' (through the link tables, PostgreSQL walked the words'
    # matches one key at a time: 'laptop' with a category and a criterion, 250 ms at 100,000 tenders).
    from buyersgroup.core.db import text_search
    from buyersgroup.taxonomy.models import Criterion, ProductCategory

    rare, common = ProductCategory.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[:2]
    even, odd = Criterion.objects.order_by("pk").values_list("pk", flat=True)[:2]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tenders_tender SET category_ids = CASE WHEN title LIKE '%%printers' THEN %s ELSE %s END,"
                       " criterion_ids = CASE WHEN id %% 3 = 0 THEN %s ELSE %s END",
                       [[rare], [common], [even], [odd]])
        cursor.execute("SELECT gin_clean_pending_list('tender_category_ids'), "
                       "gin_clean_pending_list('tender_criterion_ids')")
        cursor.execute("ANALYZE tenders_tender")
    expected = len([pk for pk in Tender.objects.published().filter(title__endswith="printers")
                    .values_list("pk", flat=True) if pk % 3 == 0])
    assert 0 < expected < 41
    with text_search():  # last: in a test, its settings last until the test's transaction ends
        ticked = TenderFilter(QueryDict(f"q=tender&category={rare}&criterion={even}"),
                              queryset=Tender.objects.published()).every_match()
        assert ticked.count() == expected
        plan = ticked.explain()
        assert "tender_category_ids" in plan, plan
        assert "tenders_tender_categories" not in plan and "tenders_appliedcriterion" not in plan, plan
        # These indexes hold every tender, not the published ones only: so small an index of the published
        # was PostgreSQL's cheapest way to read them all, and it checked the words of every published tender
        # instead of asking the indexes of words ('laptop' with a category and a criterion: its facets
        # 180 -> 400 ms).
        broad = TenderFilter(QueryDict("q=laptops"), queryset=Tender.objects.published()).every_match()
        plan = broad.explain()
        assert "tender_category_ids" not in plan and "tender_criterion_ids" not in plan, plan


def test_a_practice_snippet_shows_words_not_markdown(publish):
    practice = publish(kind="practice", title="Laptops", summary="What we learned.", language="en",
                       body="## Results\n\n> **Take-back** of `all` [old laptops](https://example.org/report.pdf) "
                            "<b>worked</b>.\n\n| Year | Devices |\n|---|---|\n| 2025 | 1200 |")
    snippet = query.snippets(Practice, [practice.pk], "take-back")[practice.pk]
    assert snippet.source == "text"
    words = snippet.headline.replace(query.START, "").replace(query.STOP, "")
    assert "Take-back" in words and "old laptops" in words and "worked" in words
    for mark in ("##", "**", "`", "[", "](", "example.org", "<b>", "|", "---", ">"):
        assert mark not in words, mark


@pytest.mark.parametrize("model", [Tender, Practice], ids=["tenders", "practices"])
def test_an_entry_is_loaded_without_its_search_columns_and_its_save_never_writes_them(publish, model):
    """The search columns are written by SQL only (buyersgroup.search.indexing): a copy of the entry
    loaded before its documents' text was indexed must not write its stale words back."""
    from django.test.utils import CaptureQueriesContext

    pk = publish("tender" if model is Tender else "practice", title="Refurbished laptops").pk
    loaded = model.objects.get(pk=pk)
    assert {"search_vector", "documents_vector", "uploaded_languages"} <= set(model.search_columns)
    assert set(model.search_columns) <= loaded.get_deferred_fields()
    loaded.title = "Refurbished laptops, second edition"
    with CaptureQueriesContext(connection) as captured:
        loaded.save()
    updates = [q["sql"] for q in captured.captured_queries if q["sql"].startswith(f'UPDATE "{model._meta.db_table}"')]
    assert updates, "the save wrote the entry"
    assert not any(column in sql.split(" WHERE ")[0] for sql in updates for column in model.search_columns)


@pytest.mark.parametrize("model", [Tender, Practice], ids=["tenders", "practices"])
def test_the_columns_a_search_reads_per_match_stay_in_the_entrys_row(publish, model):
    """Ranking and facets read them for every match: never from the TOAST table (buyersgroup.search.storage),
    while the documents' words, read only through their index, make room."""
    pk = publish("tender" if model is Tender else "practice", title="Refurbished laptops").pk
    table = model._meta.db_table
    own = " ".join(f"own{n}" for n in range(250))  # about 2 KB of the entry's own words
    documents = " ".join(f"doc{n}" for n in range(800))  # about 8 KB of its documents' words
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET search_vector = to_tsvector('simple', %s), documents_vector = "
                       f"to_tsvector('simple', %s), category_ids = %s, criterion_ids = %s WHERE id = %s",
                       [own, documents, list(range(1, 40)), list(range(1, 40)), pk])
        cursor.execute(f"SELECT pg_column_toast_chunk_id(search_vector), pg_column_toast_chunk_id(category_ids), "
                       f"pg_column_toast_chunk_id(criterion_ids), pg_column_toast_chunk_id(documents_vector), "
                       f"pg_column_size(search_vector) FROM {table} WHERE id = %s", [pk])
        search, categories, criteria, documents_chunk, size = cursor.fetchone()
    assert size > 2000  # as large as the biggest entries' own words
    assert (search, categories, criteria) == (None, None, None)
    assert documents_chunk is not None
