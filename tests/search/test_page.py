"""The search page: what a member sees, filters and their counts, bad input, query counts."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from buyersgroup.moderation.models import Status
from buyersgroup.taxonomy.models import Criterion, ProductCategory
from tenders.models import Tender
from tests.tenders.factories import TenderFactory, apply_criterion

pytestmark = pytest.mark.django_db
URL = reverse("search:search")


def titles(response):
    html = response if isinstance(response, str) else response.content.decode()
    return re.findall(r'<h3><a href="[^"]+" lang="\w+">([^<]+)</a>', html)


@pytest.fixture
def tenders(publish, carol):
    laptops = ProductCategory.objects.get(slug="laptops") if ProductCategory.objects.filter(slug="laptops").exists() \
        else ProductCategory.objects.first()
    a = publish(title="Laptops Gent", summary="Refurbished laptops.", main_cpv_id="30213100", stage="awarded",
                publication_date="2024-03-01", estimated_value=100000)
    a.categories.add(laptops)
    apply_criterion(a, code=Criterion.objects.filter(pillar="circularity").first().code)
    b = publish(title="Servers Gent", summary="Servers for the data centre.", main_cpv_id="48820000",
                stage="completed", publication_date="2022-05-01", awarded_value=500000, estimated_value=400000)
    apply_criterion(b, code=Criterion.objects.filter(pillar="fair").first().code)
    c = publish(author=carol, title="Laptops federal", summary="Laptops with take-back.", main_cpv_id="30213000",
                stage="awarded", publication_date="2025-01-10", procedure_type="restricted", estimated_value=900000)
    c.categories.add(laptops)
    publish(kind="practice", title="Laptop take-back guidance", summary="Ask for take-back of laptops.")
    return a, b, c


def test_header_has_a_search_box_labelled_search(client, alice):
    client.force_login(alice)
    html = client.get(reverse("tenders:list")).content.decode()
    assert '<form method="get" action="/search/" role="search"' in html
    assert '<label for="header-search-q">Search</label>' in html


def test_search_finds_tenders_and_practices_with_snippets(client, alice, tenders):
    client.force_login(alice)
    response = client.get(URL, {"q": "laptops"})
    assert set(titles(response)) == {"Laptops Gent", "Laptops federal", "Laptop take-back guidance"}
    html = response.content.decode()
    assert "In title:" in html and "<mark>Laptops</mark>" in html
    assert "3 results" in html
    assert "<title>Search · " in html and html.count('action="/search/saved/save/"') == 1
    only_tenders = client.get(URL, {"q": "laptops", "kind": "tenders"})
    assert set(titles(only_tenders)) == {"Laptops Gent", "Laptops federal"}


def test_a_result_found_by_its_classification_says_so(client, alice, tenders):
    """The cross-language case: French words find a tender by its CPV code's label, and its row says where."""
    client.force_login(alice)
    html = client.get(URL, {"q": "ordinateurs portables"}, headers={"accept-language": "fr"}).content.decode()
    assert set(titles(html)) == {"Laptops Gent", "Laptops federal"}  # neither has these words: their labels do
    lines = re.findall(r'<span class="snippet-source">([^<]*)</span>\s*(.*)</p>', html)
    code = Criterion.objects.filter(pillar="circularity").first()
    assert sorted(lines) == [  # the CPV code's label, the category's name, the criterion's name and code
        ("Dans classification\xa0:", "<mark>Ordinateurs</mark> <mark>portables</mark> · <mark>Ordinateurs</mark> "
                                     f"<mark>portables</mark> · {code.name_fr} {code.code}"),
        ("Dans classification\xa0:", "<mark>Ordinateurs</mark> personnels · <mark>Ordinateurs</mark> <mark>portables</mark>"),
    ]
    by_buyer = client.get(URL, {"q": "gent", "kind": "tenders"}).content.decode()
    assert set(titles(by_buyer)) == {"Laptops Gent", "Servers Gent"}  # "Gent" in their titles
    by_name = client.get(URL, {"q": "Stad"}).content.decode()
    assert "In organisation:</span>" in by_name and "<mark>Stad</mark> Gent" in by_name
    # "computers" is in its Dutch label and its English one: a Dutch reader sees the Dutch one
    dutch = client.get(URL, {"q": "computers"}, headers={"accept-language": "nl"}).content.decode()
    assert "In indeling:</span>\n      Draagbare <mark>computers</mark> · Laptops" in dutch


def test_rows_show_labelled_facts_and_pillars(client, alice, tenders):
    client.force_login(alice)
    html = client.get(URL, {"q": "servers", "kind": "tenders"}).content.decode()
    assert "<dt>Buyer</dt><dd>Stad Gent</dd>" in html
    assert "<dt>Awarded</dt><dd>€500,000</dd>" in html  # as on the tender page (core formats.eur)
    assert "<dt>Year</dt><dd>2022</dd>" in html
    # Each pillar a short mark beside the title, its full name the mark's title.
    assert '<li class="pillar pillar-fair" title="Fair and social supply chain">Fair</li>' in html
    assert "<dt>Procedure</dt><dd>Open procedure</dd>" in html and "<dt>Stage</dt><dd>Completed</dd>" in html
    french = client.get(URL, {"q": "servers", "kind": "tenders"}, headers={"accept-language": "fr"}).content.decode()
    assert "<dd>500\u202f000\xa0€</dd>" in french or "<dd>500\xa0000\xa0€</dd>" in french
    assert "<dd>Procédure ouverte</dd>" in french and "<dd>Terminé</dd>" in french
    assert '<li class="pillar pillar-fair" title="Chaîne d&#x27;approvisionnement équitable et sociale">Équitable</li>' \
        in french
    # The title is in the tender's language, the badge in the reader's (the language of each part).
    assert re.search(r'<h3><a href="[^"]+" lang="\w+">Servers[^<]*</a> <span class="badge">Marché</span></h3>',
                     french)
    practice = client.get(URL, {"q": "guidance", "kind": "practices"}, headers={"accept-language": "nl"}).content.decode()
    assert '<span class="badge">Goede praktijk of casestudy</span>' in practice


def test_a_row_shows_what_members_typed_as_text_and_a_year_in_belgian_time(client, alice, publish):
    """The rows are built in Python (buyersgroup.search.rows): every value escaped, as a template would."""
    from datetime import datetime, timezone

    publish(title='Docks <script>alert("x")</script> & screens', summary="Docking stations.")
    # 31 December 23:30 UTC is already New Year in Brussels: the year the reader's calendar says.
    publish(kind="practice", title="Docking guidance", summary="Docking stations.",
            published_at=datetime(2024, 12, 31, 23, 30, tzinfo=timezone.utc))
    client.force_login(alice)
    html = client.get(URL, {"q": "docking"}).content.decode()
    assert "Docks &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; screens</a>" in html
    assert "<script>alert" not in html
    assert set(titles(html)) == {'Docks &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; screens', "Docking guidance"}
    practice_row = html[html.index(">Docking guidance</a>"):]
    assert "<dt>Year</dt><dd>2025</dd>" in practice_row[:practice_row.index("</dl>")]


def test_a_parameter_the_search_does_not_know_changes_nothing_it_shows_and_is_counted_anew(client, alice, tenders):
    """The benchmark adds ``view=<a new number>`` to measure a search's first view: the search lists
    the same rows with no note, and counts them, since its counts are kept under every parameter."""
    client.force_login(alice)
    plain = client.get(URL, {"q": "laptops"})
    with CaptureQueriesContext(connection) as captured:
        viewed = client.get(URL, {"q": "laptops", "view": "7"})
    assert titles(viewed) == titles(plain) != []
    assert "message-warning" not in viewed.content.decode()
    assert [q for q in captured.captured_queries if q["sql"].startswith("WITH matched(")]


def test_a_row_kept_from_an_earlier_search_shows_the_entry_as_it_is_now(client, alice, tenders,
                                                                        django_capture_on_commit_callbacks):
    """The row's facts are rendered once per change of what they show; the snippet is each search's."""
    client.force_login(alice)
    first = client.get(URL, {"q": "servers", "kind": "tenders"}).content.decode()
    assert "<dt>Stage</dt><dd>Completed</dd>" in first
    servers = tenders[1]
    servers.stage, servers.bids_received = "running", 3
    servers.save()
    servers.organisation.name = "Stad Gent (ICT)"
    servers.organisation.save()
    criterion = servers.applied_criteria.get().criterion
    criterion.pillar = "climate"
    with django_capture_on_commit_callbacks(execute=True):  # its tenders' pillars are rewritten after the commit
        criterion.save()

    html = client.get(URL, {"q": "servers data", "kind": "tenders"}).content.decode()
    assert "<dt>Stage</dt><dd>Contract running</dd>" in html and "<dt>Bids</dt><dd>3</dd>" in html
    assert "<dt>Buyer</dt><dd>Stad Gent (ICT)</dd>" in html
    assert 'class="pillar pillar-climate" title="Climate and energy">Climate</li>' in html and "pillar-fair" not in html
    assert "<mark>data</mark>" in html


def test_a_page_seen_again_is_kept_until_an_entry_changes(client, alice, bob, publish, monkeypatch):
    """A page of results is kept by the app server (its rows in order and their snippets) under the
    words, the filters, the order and the page: each page and order is its own, every member sees the
    same, and a publication shows at once."""
    from buyersgroup.search import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for n, year in enumerate((2021, 2022, 2023)):
        publish(title=f"Laptops lot {n}", summary="Refurbished laptops.", publication_date=f"{year}-01-01")
    client.force_login(alice)
    first = titles(client.get(URL, {"q": "laptops", "sort": "newest"}))
    second = titles(client.get(URL, {"q": "laptops", "sort": "newest", "page": 2}))
    oldest = titles(client.get(URL, {"q": "laptops", "sort": "oldest"}))
    assert (first, second, oldest) == (["Laptops lot 2", "Laptops lot 1"], ["Laptops lot 0"],
                                       ["Laptops lot 0", "Laptops lot 1"])

    client.force_login(bob)
    with CaptureQueriesContext(connection) as captured:
        again = client.get(URL, {"q": "laptops", "sort": "newest", "page": 2}).content.decode()
    assert [q for q in captured.captured_queries if "tsquery" in q["sql"]] == []
    assert titles(again) == ["Laptops lot 0"] and "<mark>laptops</mark>" in again.lower()

    publish(title="Laptops lot 3", summary="Refurbished laptops.", publication_date="2024-01-01")
    assert titles(client.get(URL, {"q": "laptops", "sort": "newest"})) == ["Laptops lot 3", "Laptops lot 2"]
    assert titles(client.get(URL, {"q": "laptops", "sort": "newest", "page": 2})) == ["Laptops lot 1", "Laptops lot 0"]

    Tender.objects.get(title="Laptops lot 2").delete()  # as the Django admin can, published or not
    response = client.get(URL, {"q": "laptops", "sort": "newest"}).content.decode()
    assert titles(response) == ["Laptops lot 3", "Laptops lot 1"] and "3 results" in response


def test_cpv_parent_finds_descendants(client, alice, tenders):
    client.force_login(alice)
    response = client.get(URL, {"kind": "tenders", "cpv": "30200000"})
    assert set(titles(response)) == {"Laptops Gent", "Laptops federal"}
    assert set(titles(client.get(URL, {"kind": "tenders", "cpv": "30213100-6"}))) == {"Laptops Gent"}
    # the first digits of a code: its family, as the help text says
    assert set(titles(client.get(URL, {"kind": "tenders", "cpv": "302"}))) == {"Laptops Gent", "Laptops federal"}
    assert set(titles(client.get(URL, {"kind": "tenders", "cpv": "302131"}))) == {"Laptops Gent"}
    assert set(titles(client.get(URL, {"kind": "tenders", "cpv": "48"}))) == {"Servers Gent"}
    html = client.get(URL, {"kind": "tenders", "cpv": "3"}).content.decode()  # one digit is no family
    assert notes(html) == ["The filter “CPV code” was ignored: “3” is not a CPV code."]
    assert "A parent code, or its first digits, finds all its descendants: 30200000 or 302." in html


def _cpv_tree(html: str) -> tuple[bool, list[tuple[str, str]], str, list[tuple[str, str, int]]]:
    """The CPV codes to pick from: (open, [(link, text)] of the path, the code asked, [(link, text,
    count)] listed)."""
    tree = re.search(r'<details class="cpv-tree"( open)?>(.*?)</details>', html, re.S)
    path = re.search(r'<p class="cpv-tree-path">(.*?)</p>', tree.group(2), re.S)
    listed = re.search(r'<ul class="cpv-tree-codes" aria-label="[^"]+">(.*?)</ul>', tree.group(2), re.S)
    links = r'<a href="([^"]+)">([^<]+)</a>'
    return (bool(tree.group(1)), re.findall(links, path.group(1)) if path else [],
            "".join(re.findall(r'<strong aria-current="location">([^<]+)</strong>', path.group(1))) if path else "",
            [(link, text, int(count)) for link, text, count in re.findall(
                r'<li><a href="([^"]+)">([^<]+)</a> <span class="facet-count">\((\d+)\)</span></li>', listed.group(1))]
            if listed else [])


OFFICE = "30000000 Office and computing machinery, equipment and supplies except furniture and software packages"


def test_a_cpv_code_is_picked_from_its_hierarchy(client, alice, tenders, publish):
    """Type a code, or pick one: the divisions, then from a code its broader codes and the narrower
    ones, each a link to the same search with that code (the words and other filters kept), with the
    number of tenders found it gives; only the codes that classify some of them (by their main code
    or a further one)."""
    from tests.tenders.factories import TenderFactory

    TenderFactory(author=alice, status="draft", title="Draft software", main_cpv_id="48000000")
    TenderFactory(author=alice, status="submitted", title="Submitted IT services", main_cpv_id="72000000")
    publish(title="Phones Gent", main_cpv_id="30213100").additional_cpvs.add("32250000")
    client.force_login(alice)
    # "laptops" is in the label of 30213100 too: Phones Gent is found; Servers Gent (48) is not.
    opened, path, asked, divisions = _cpv_tree(client.get(URL, {"kind": "tenders", "q": "laptops"}).content.decode())
    assert not opened and path == [] and asked == ""
    assert divisions == [
        ("?kind=tenders&amp;q=laptops&amp;cpv=30000000", OFFICE, 3),
        ("?kind=tenders&amp;q=laptops&amp;cpv=32000000",
         "32000000 Radio, television, communication, telecommunication and related equipment", 1)]

    html = client.get(URL, {"kind": "tenders", "q": "laptops", "cpv": "302", "page": "1"}).content.decode()
    opened, path, asked, narrower = _cpv_tree(html)
    assert opened and asked == "30200000 Computer equipment and supplies"
    assert path == [("?kind=tenders&amp;q=laptops", "All divisions"),
                    ("?kind=tenders&amp;q=laptops&amp;cpv=30000000", OFFICE)]
    assert [(text, count) for _link, text, count in narrower] == [("30210000 Data-processing machines (hardware)", 3)]
    # Followed, a link is the search with that code.
    link = narrower[0][0].replace("&amp;", "&")
    assert set(titles(client.get(URL + link))) == {"Laptops Gent", "Laptops federal", "Phones Gent"}

    # In the reader's language; a code without narrower ones says so; "Tenders and practices" has no CPV.
    dutch = client.get(URL, {"kind": "tenders", "cpv": "30213100"}, headers={"accept-language": "nl"}).content.decode()
    _opened, path, asked, narrower = _cpv_tree(dutch)
    assert [text for _link, text in path][:1] == ["Alle afdelingen"] and asked.startswith("30213100 Draagbare")
    assert narrower == [] and "Geen van de gevonden opdrachten heeft een nauwere code." in dutch
    assert 'class="cpv-tree"' not in client.get(URL, {"q": "laptops"}).content.decode()


def test_each_cpv_code_to_pick_counts_the_tenders_its_link_finds(client, alice, tenders, publish):
    """The picker's counts are those of the other filters and the words, as the facets' are, and
    each is the number of results its link gives; a draft's or a submitted tender's code is never
    counted; a tender with two codes of one family counts once in it."""
    from tests.tenders.factories import TenderFactory

    TenderFactory(author=alice, status="draft", title="Draft software", main_cpv_id="48000000")
    TenderFactory(author=alice, status="submitted", title="Submitted IT services", main_cpv_id="72000000")
    two = publish(title="Printers Gent", main_cpv_id="30232110", stage="completed", publication_date="2023-02-01")
    two.additional_cpvs.add("30216000", "32250000")  # 3023 and 3021 under 302, and a division more
    client.force_login(alice)
    for asked in ({"kind": "tenders"}, {"kind": "tenders", "cpv": "30"}, {"kind": "tenders", "cpv": "302"},
                  {"kind": "tenders", "stage": "completed"}, {"kind": "tenders", "q": "gent"},
                  {"kind": "tenders", "q": "gent", "cpv": "302", "stage": "awarded"}):
        _opened, _path, _asked, listed = _cpv_tree(client.get(URL, asked).content.decode())
        assert listed, asked
        for link, text, count in listed:
            assert len(titles(client.get(URL + link.replace("&amp;", "&")))) == count, (asked, text)
    _opened, _path, _asked, divisions = _cpv_tree(client.get(URL, {"kind": "tenders"}).content.decode())
    assert [(text[:8], count) for _link, text, count in divisions] == [("30000000", 3), ("32000000", 1),
                                                                       ("48000000", 1)]
    _opened, _path, _asked, groups = _cpv_tree(client.get(URL, {"kind": "tenders", "cpv": "30"}).content.decode())
    assert [(text[:8], count) for _link, text, count in groups] == [("30200000", 3)]
    _opened, _path, _asked, classes = _cpv_tree(client.get(URL, {"kind": "tenders", "cpv": "302"}).content.decode())
    assert [(text[:8], count) for _link, text, count in classes] == [("30210000", 3), ("30230000", 1)]
    html = client.get(URL, {"kind": "tenders", "q": "servers"}).content.decode()
    assert [(text[:8], count) for _link, text, count in _cpv_tree(html)[3]] == [("48000000", 1)]
    # A further code given to a published tender counts at once (its row's codes are written with it).
    Tender.objects.get(title="Servers Gent").additional_cpvs.add("32250000")
    html = client.get(URL, {"kind": "tenders", "q": "servers"}).content.decode()
    assert [(text[:8], count) for _link, text, count in _cpv_tree(html)[3]] == [("32000000", 1), ("48000000", 1)]
    html = client.get(URL, {"kind": "tenders", "q": "nothing-matches-this"}).content.decode()
    assert _cpv_tree(html)[3] == [] and "None of the tenders found has a CPV code." in html
    # Digits that start no code find nothing, and the codes to pick from say so, open, with a way back.
    html = client.get(URL, {"kind": "tenders", "q": "gent", "cpv": "99"}).content.decode()
    opened, path, _asked, listed = _cpv_tree(html)
    assert titles(html) == [] and opened and listed == [] and "No CPV code starts with 99." in html
    assert path == [("?kind=tenders&amp;q=gent", "All divisions")]


def test_digits_that_start_codes_but_name_none_list_those_codes(client, alice, tenders, publish):
    """3925 is no code (the vocabulary goes from 39200000 Furnishing to 39254000 Horology): the
    filter finds the tenders of the codes it starts, and the codes to pick from list those, under
    the codes the digits do name, instead of saying that no code starts with them."""
    publish(title="Clocks Gent", main_cpv_id="39254100")
    client.force_login(alice)
    html = client.get(URL, {"kind": "tenders", "cpv": "3925"}).content.decode()
    assert titles(html) == ["Clocks Gent"] and notes(html) == []
    opened, path, asked, listed = _cpv_tree(html)
    assert opened and asked == "The codes starting with 3925"
    assert [text for _link, text in path] == [
        "All divisions",
        "39000000 Furniture (incl. office furniture), furnishings, domestic appliances (excl. lighting) and "
        "cleaning products",
        "39200000 Furnishing"]
    assert [(text, count) for _link, text, count in listed] == [("39254000 Horology", 1)]
    assert "No CPV code starts with" not in html


def test_sort_by_value_and_oldest(client, alice, tenders):
    client.force_login(alice)
    assert titles(client.get(URL, {"kind": "tenders", "sort": "value"})) == [
        "Laptops federal", "Servers Gent", "Laptops Gent"]
    assert titles(client.get(URL, {"kind": "tenders", "sort": "oldest"})) == [
        "Servers Gent", "Laptops Gent", "Laptops federal"]


def _facet_counts(html, name):
    return {value: int(count) for value, count in re.findall(
        rf'name="{name}" value="([^"]+)"[^>]*>\s*[^<]*<span class="facet-count">\((\d+)\)', html)}


def test_facet_counts_match_counts_computed_in_python(client, alice, tenders):
    client.force_login(alice)
    html = client.get(URL, {"kind": "tenders", "stage": "awarded"}).content.decode()
    published = list(Tender.objects.published().prefetch_related("applied_criteria__criterion"))
    awarded = [t for t in published if t.stage == "awarded"]
    # the stage facet ignores its own filter; the others count within awarded tenders
    stage_counts = _facet_counts(html, "stage")
    assert stage_counts["awarded"] == 2 and stage_counts["completed"] == 1 and stage_counts["planned"] == 0
    procedure_counts = _facet_counts(html, "procedure")
    for value in ("open", "restricted"):
        assert procedure_counts[value] == sum(t.procedure_type == value for t in awarded)
    pillar_counts = _facet_counts(html, "pillar")
    for value in ("circularity", "fair"):
        assert pillar_counts[value] == sum(
            any(a.criterion.pillar == value for a in t.applied_criteria.all()) for t in awarded)
    assert 'class="facet-empty"' in html


def test_bounded_queries_with_words_and_five_filters(client, alice, publish, tenders):
    client.force_login(alice)
    params = {"q": "laptops", "kind": "tenders", "stage": "awarded", "procedure": ["open", "restricted"],
              "pillar": "circularity", "level": "municipality", "year_min": "2020"}
    for i in range(2):
        extra = publish(title=f"Laptops extra {i}", summary="More laptops.", stage="awarded",
                        publication_date="2024-01-01")
        apply_criterion(extra, code=Criterion.objects.filter(pillar="circularity").first().code)
    client.get(URL, params)
    # Both views do all the work: a second view of a search reads its kept counts and rows.
    caches["search_counts"].clear()
    caches["template_fragments"].clear()
    with CaptureQueriesContext(connection) as few:
        client.get(URL, params)
    for i in range(15):
        t = publish(title=f"Laptops lot {i}", summary="More laptops.", stage="awarded", publication_date="2024-01-01")
        apply_criterion(t, code=Criterion.objects.filter(pillar="circularity").first().code)
    caches["template_fragments"].clear()
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, params)
    assert len(titles(response)) == 18
    assert len(many) == len(few) <= 25
    # Seen again: nothing of the search is read again (its counts, its page of rows and their
    # snippets are kept), only what every page reads (the session, the entries' changes so far).
    with CaptureQueriesContext(connection) as again:
        seen = client.get(URL, params)
    assert titles(seen) == titles(response)
    assert _facet_counts(seen.content.decode(), "procedure") == _facet_counts(response.content.decode(), "procedure")
    def read_in_full(captured):  # the entries of rows not kept, read to render them
        return [q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT e."id", ')
                and 'FROM "tenders_tender" e' in q["sql"]]

    def counting(captured):
        return [q["sql"] for q in captured.captured_queries if q["sql"].startswith("WITH matched(")]

    def matching(captured):  # any statement that matches the words: the rows, their snippets, the counts
        return [q["sql"] for q in captured.captured_queries if "tsquery" in q["sql"]]

    assert len(read_in_full(many)) == len(counting(many)) == 1
    assert len(matching(many)) == 3  # the counts, the page's rows ranked, their snippets
    assert read_in_full(again) == counting(again) == matching(again) == []
    assert len(again) < len(many)


@pytest.mark.parametrize("params", [
    {"q": "the"}, {"q": "x" * 2000}, {"q": "& | ! ( ) :*"}, {"q": "' OR 1=1; --"},
    {"q": '"unbalanced'}, {"page": "0"}, {"page": "-1"}, {"page": "abc"}, {"page": "999999"},
    {"stage": "nonsense"}, {"category": "abc"}, {"criterion": "999999"}, {"cpv": "3021x"}, {"year_min": "abc"},
    {"year_max": "99999999999"}, {"value_min": "-5"}, {"value_max": "1e400"}, {"sort": "evil"}, {"kind": "other"},
    {"organisation": "0"}, {"language": ["xx", "nl"]}, {"partial": "1", "q": "laptops"},
    {"has_documents": "maybe"}, {"kind": "practices", "practice_type": "x", "theme": "y", "sort": "value"},
    # The CPV filter and its picker (tenders only): digits of no code, a wrong check digit, no digits.
    {"kind": "tenders", "cpv": "3021x"}, {"kind": "tenders", "cpv": "99"}, {"kind": "tenders", "cpv": "00"},
    {"kind": "tenders", "cpv": "30213100-0"}, {"kind": "tenders", "cpv": "9" * 300}, {"kind": "tenders", "cpv": "%"},
])
def test_bad_input_gives_a_normal_page(client, alice, tenders, params):
    client.force_login(alice)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert "result" in response.content.decode()


def test_an_ignored_filter_is_noted(client, alice, tenders):
    client.force_login(alice)
    html = client.get(URL, {"kind": "tenders", "cpv": "3021x"}).content.decode()
    assert "The filter “CPV code” was ignored" in html
    assert len(titles(client.get(URL, {"kind": "tenders", "cpv": "3021x"}))) == 3


def notes(html):
    return re.findall(r'<p class="message message-warning">([^<]*)</p>', html)


def test_a_filter_of_a_kind_not_searched_is_noted_not_silently_dropped(client, alice, tenders):
    """A region ticked with tenders only, then "Tenders and practices" chosen (or a bookmark): the region
    does not narrow the practices, and the page says it was not used rather than list as if it were."""
    client.force_login(alice)
    both = client.get(URL, {"q": "laptops", "region": "flanders", "procedure": "open", "level": ""}).content.decode()
    assert set(titles(both)) == {"Laptops Gent", "Laptops federal", "Laptop take-back guidance"}
    assert notes(both) == [
        "The filter “Region” was not used: it applies to tenders only. Show only tenders to use it.",
        "The filter “Procedure” was not used: it applies to tenders only. Show only tenders to use it.",
    ]  # an empty value (level=) asks nothing: nothing to say
    # The form carries them unseen: back to tenders only, they apply again.
    assert re.findall(r'<input type="hidden" name="(region|procedure)" value="(\w+)">', both) == [
        ("region", "flanders"), ("procedure", "open")]
    practices = client.get(URL, {"kind": "practices", "stage": "awarded"}).content.decode()
    assert notes(practices) == [
        "The filter “Stage” was not used: it applies to tenders only. Show only tenders to use it."]
    tenders_only = client.get(URL, {"kind": "tenders", "theme": "refurbished", "region": "flanders"}).content.decode()
    assert notes(tenders_only) == [
        "The filter “Theme” was not used: it applies to practices only. Show only practices to use it."]
    dutch = client.get(URL, {"region": "flanders"}, headers={"accept-language": "nl"}).content.decode()
    assert notes(dutch) == ["De filter “Gewest” werd niet gebruikt: hij geldt alleen voor opdrachten. "
                            "Toon alleen opdrachten om hem te gebruiken."]


def test_an_amount_above_what_a_tender_holds_is_said_in_the_readers_numbers(client, alice, tenders):
    client.force_login(alice)
    params = {"kind": "tenders", "value_max": "1e400"}
    english = client.get(URL, params).content.decode()
    assert notes(english) == ["The filter “Value up to (EUR)” was ignored: "
                              "Enter an amount of at most 999,999,999,999.99 EUR."]
    assert len(titles(english)) == 3
    french = client.get(URL, params, headers={"accept-language": "fr"}).content.decode()
    assert notes(french) == ["Le filtre «\xa0Valeur jusqu’à (EUR)\xa0» a été ignoré\xa0: "
                             "Saisissez un montant d’au plus 999\xa0999\xa0999\xa0999,99 EUR."]
    largest = client.get(URL, {"kind": "tenders", "value_max": "999999999999.99"}).content.decode()
    assert notes(largest) == [] and len(titles(largest)) == 3


def test_stop_words_only_lists_everything_with_a_note(client, alice, tenders):
    client.force_login(alice)
    response = client.get(URL, {"q": "the"})
    assert "Your words are too common to search for" in response.content.decode()
    assert len(titles(response)) == 4


def test_pagination_keeps_the_query(client, alice, publish):
    for i in range(25):
        publish(title=f"Printer {i}", summary="Printers.")
    client.force_login(alice)
    html = client.get(URL, {"q": "printer", "kind": "tenders"}).content.decode()
    assert 'href="?q=printer&amp;kind=tenders&amp;page=2"' in html
    assert len(titles(client.get(URL, {"q": "printer", "kind": "tenders", "page": "99"}))) == 5


@pytest.mark.parametrize("kind", ["all", "tenders"])
@pytest.mark.parametrize("sort", ["relevance", "oldest", "value", "newest"])
def test_each_page_lists_the_next_matches_in_order_from_the_kept_statement(client, alice, publish, kind, sort):
    """A search's rows statement is compiled once and kept with its counts; each page runs it with its own
    LIMIT and OFFSET (KeptPages): the pages list every match once, in the order the ORM gives them."""
    from datetime import date, timedelta

    from django.http import QueryDict

    from buyersgroup.search.service import Search

    for i in range(23):
        publish(title=f"Printer {i}", summary="Printers." if i % 3 else "Printers and printer toner.",
                publication_date=date(2020, 1, 1) + timedelta(days=37 * i), estimated_value=1000 * (i % 7) or None)
    for i in range(9):
        publish(kind="practice", title=f"Printer guidance {i}", summary="About printers.")
    params = {"q": "printer", "kind": kind, "sort": sort}
    query = QueryDict(mutable=True)
    query.update(params)
    expected = [(row["kind_index"], row["pk"]) for row in Search(query, alice).rows()[0:60]]
    assert len(expected) == (32 if kind == "all" else 23)
    names = {0: "tenders" if kind != "practices" else "practices", 1: "practices"}
    pages = []
    client.force_login(alice)
    for number in (1, 2):
        html = client.get(URL, {**params, "page": number}).content.decode()
        pages += re.findall(r'<li class="result result-(\w+)">\s*<div class="result-head"><h3><a href="/\w+/(\d+)/', html)
    assert pages == [(names[index], str(pk)) for index, pk in expected]


def test_typo_gets_a_suggestion(client, alice, tenders):
    client.force_login(alice)
    html = client.get(URL, {"q": "serverss"}).content.decode()
    assert 'Did you mean <a href="?q=servers">servers</a>?' in html


def test_a_short_word_with_a_letter_left_out_and_a_category_word_get_a_suggestion(client, alice, tenders):
    """"laptps" is 0.57 close to "laptops" in a title: too far for pg_trgm's default 0.6, which found no title.
    No title says "refurbished", but the category "Refurbished equipment" does, and finds its tenders."""
    client.force_login(alice)
    html = client.get(URL, {"q": "laptps"}).content.decode()
    assert 'Did you mean <a href="?q=laptops">laptops</a>?' in html
    html = client.get(URL, {"q": "refurbishd"}).content.decode()
    assert 'Did you mean <a href="?q=refurbished">refurbished</a>?' in html
    html = client.get(URL, {"q": "reconditione"}, headers={"accept-language": "fr"}).content.decode()
    assert 'Vouliez-vous dire <a href="?q=reconditionn%C3%A9">reconditionné</a>\xa0?' in html  # French spacing
    # Typed without its accent, the word finds what it finds with it: nothing to suggest.
    html = client.get(URL, {"q": "reconditionne"}, headers={"accept-language": "fr"}).content.decode()
    assert "Vouliez-vous dire" not in html
    html = client.get(URL, {"q": "zyxqwerd"}).content.decode()
    assert "Did you mean" not in html


def test_unpublished_words_give_nothing(client, carol, alice, tenders):
    TenderFactory(author=alice, status=Status.SUBMITTED, title="Qwertyzz hidden")
    client.force_login(carol)
    html = client.get(URL, {"q": "qwertyzz"}).content.decode()
    assert "0 results" in html and "Qwertyzz" not in html and "Did you mean" not in html


def test_statement_timeout_gives_a_friendly_message(client, alice, tenders, monkeypatch):
    """A search the database stops (here: made slow on purpose) is a normal page with a message."""
    from buyersgroup.search import query

    original = query.has_words

    def slow_has_words(text):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.2)")
        return original(text)

    with connection.cursor() as cursor:  # the test's transaction: as the connection's 3 s would, sooner
        cursor.execute("SET LOCAL statement_timeout = 50")
    monkeypatch.setattr(query, "has_words", slow_has_words)
    client.force_login(alice)
    response = client.get(URL, {"q": "laptops"})
    assert response.status_code == 200
    assert "This search took too long and was stopped." in response.content.decode()


def test_a_nul_byte_in_the_query_is_refused_with_a_clear_400(client, alice):
    """Refused in the one place that refuses what PostgreSQL cannot hold (core.middleware): never a 500."""
    client.force_login(alice)
    response = client.get(URL, {"q": "lap\x00tops"})
    assert response.status_code == 400
    assert "a character the portal does not accept" in response.content.decode()


def test_reference_lists_are_kept_by_the_server_and_forgotten_on_change(db, settings):
    """Categories (and criteria, organisations): read once per few minutes, not on every search;
    a change saved on this server shows at once; 0 seconds keeps nothing."""
    from buyersgroup.core import choices
    from buyersgroup.search import filters

    def category_choices():
        with CaptureQueriesContext(connection) as read:
            field = filters.TenderFilter({}, queryset=Tender.objects.none()).form.fields["category"]
            labels = [label for _value, label in field.choices]
        return labels, len(read)

    settings.REFERENCE_CHOICES_SECONDS = 300
    try:
        labels, queries = category_choices()
        assert queries == 3 and "Refurbished devices" not in labels  # categories, criteria, organisations
        assert category_choices() == (labels, 0)  # kept
        ProductCategory.objects.create(slug="refurbished-devices", name_en="Refurbished devices",
                                       name_nl="Gerenoveerde toestellen", name_fr="Appareils reconditionnés")
        labels, queries = category_choices()
        assert queries == 3 and "Refurbished devices" in labels  # forgotten on save
        settings.REFERENCE_CHOICES_SECONDS = 0
        assert category_choices()[1] == 1  # not kept: read when listed, as Django does
    finally:
        choices.forget()


def test_so_many_matches_are_listed_newest_first_each_kind_from_its_own_index(client, alice, publish, monkeypatch):
    """Beyond RANK_LIMIT matches, the list is newest first (and says so): a kind with that many matches
    checks the words on its newest rows (no list of every match), and the kinds' rows are merged in
    the order the page always had, page after page."""
    from datetime import date, timedelta

    from buyersgroup.search import service, views

    monkeypatch.setattr(service, "RANK_LIMIT", 3)
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    start = date(2024, 1, 1)
    for n in range(6):  # six tenders: beyond the limit; two practices: not
        publish(title=f"Refurbished laptops lot {n}", publication_date=start + timedelta(days=30 * n))
    for n in range(2):
        publish(kind="practice", title=f"Refurbished laptops guide {n}")
    publish(title="Servers", summary="No such words.", publication_date=start)
    client.force_login(alice)

    def page(number):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"q": "refurbished laptops", "page": number})
        return response, [q["sql"] for q in captured.captured_queries]

    first, statements = page(1)
    html = first.content.decode()
    assert "8 results" in html and "listed newest first, not by relevance" in html
    assert "listed newest first, not by relevance" in page(1)[0].content.decode()  # its page kept: still said
    shown = titles(first)
    for number in (2, 3):
        shown += titles(page(number)[0])
    # practices (published now) first, then the tenders newest first, as one UNION would order them
    assert shown == ["Refurbished laptops guide 1", "Refurbished laptops guide 0",
                     *(f"Refurbished laptops lot {n}" for n in range(5, -1, -1))]
    tender_rows = [sql for sql in statements if sql.startswith('SELECT "tenders_tender"."id" AS "pk"')]
    practice_rows = [sql for sql in statements if sql.startswith('SELECT "practices_practice"."id" AS "pk"')]
    assert len(tender_rows) == len(practice_rows) == 1
    assert '"tenders_tender"."search_vector" @@' in tender_rows[0] and "= ANY(ARRAY" not in tender_rows[0]
    assert "= ANY(ARRAY" in practice_rows[0]  # two practices match: found through the index first
    from django.http import QueryDict

    found = service.Search(QueryDict("q=refurbished+laptops"), alice)
    assert found.count() == found.rows().count() == 8


def test_without_words_both_kinds_are_listed_newest_first_each_from_its_own_index(client, alice, publish, monkeypatch):
    """The search page as it opens: every published entry, newest first. Each kind's newest rows are
    read from its index and merged (a UNION of the kinds sorted all their rows), in the same order:
    by date, a tender before a practice of the same day, the later entry first."""
    from datetime import timedelta

    from django.utils import timezone

    from buyersgroup.search import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    today = timezone.localdate()
    publish(title="Tender of last year", publication_date=today - timedelta(days=400))
    publish(title="Tender of today", publication_date=today)
    publish(kind="practice", title="Practice of today")
    publish(title="Tender of last month", publication_date=today - timedelta(days=30))
    publish(title="Another tender of today", publication_date=today)
    client.force_login(alice)
    with CaptureQueriesContext(connection) as captured:
        first = client.get(URL)
    shown = titles(first) + titles(client.get(URL, {"page": 2})) + titles(client.get(URL, {"page": 3}))
    assert shown == ["Another tender of today", "Tender of today", "Practice of today", "Tender of last month",
                     "Tender of last year"]
    assert not [q for q in captured.captured_queries if "UNION" in q["sql"]]


def test_the_filter_fields_kept_as_rendered_show_each_search_its_own_values_and_errors(client, alice, tenders):
    """The fields that are not facets are kept as rendered (search_tags.filter_fields): under the
    values and errors they show, in the reader's language."""
    client.force_login(alice)
    typed = client.get(URL, {"kind": "tenders", "year_min": "2020", "cpv": "3021x"}).content.decode()
    assert 'name="year_min" value="2020"' in typed
    assert 'name="cpv" value="3021x"' in typed and 'class="field has-error field-text"' in typed
    again = client.get(URL, {"kind": "tenders", "year_min": "2021", "q": "laptops"}).content.decode()
    assert 'name="year_min" value="2021"' in again and 'value="2020"' not in again
    assert "has-error" not in again and 'name="cpv" value=' not in again
    plain = client.get(URL, {"kind": "tenders"}).content.decode()
    assert 'name="year_min" value=' not in plain and 'name="year_min"' in plain
    dutch = client.get(URL, {"kind": "tenders"}, headers={"accept-language": "nl"}).content.decode()
    english_label = re.search(r'<label for="id_year_min">([^<]+)</label>', plain).group(1)
    dutch_label = re.search(r'<label for="id_year_min">([^<]+)</label>', dutch).group(1)
    assert english_label != dutch_label and "year" in english_label.lower()
