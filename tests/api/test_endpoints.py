"""The API's lists and details: only published entries, the search page's filters and order, pages."""

import re

import pytest
from django.urls import reverse

from buyersgroup.documents import services as documents
from buyersgroup.moderation.models import Status
from buyersgroup.taxonomy.models import Criterion, ProductCategory
from tests.entries.kinds import pdf_upload
from tests.practices.factories import PracticeFactory
from tests.tenders.factories import TenderFactory, apply_criterion

pytestmark = pytest.mark.django_db
TENDERS = reverse("api:tender-list")
PRACTICES = reverse("api:practice-list")


@pytest.fixture
def tenders(publish, carol):
    laptops = ProductCategory.objects.get(slug="laptops")
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


def html_ids(client, member, query: str, kind: str) -> list[int]:
    """The entries the search page lists for this query string, in its order."""
    client.force_login(member)
    html = client.get(f"/search/?kind={kind}&{query}").content.decode()
    client.logout()
    return [int(pk) for pk in re.findall(rf'<h3><a href="/{kind}/(\d+)/" lang="\w+">', html)]


@pytest.mark.parametrize("query", [
    "q=laptops", "region=flanders", "region=national", "stage=awarded&year_min=2024", "category={laptops}",
    "pillar=fair", "cpv=30200000", "value_min=200000&sort=value", "sort=oldest", "q=laptops&level=federal",
    "procedure=restricted", "sort=newest",
])
def test_tender_filters_give_the_search_pages_entries_in_its_order(client, alice, tenders, token, query):
    query = query.format(laptops=ProductCategory.objects.get(slug="laptops").pk)
    expected = html_ids(client, alice, query, "tenders")
    assert expected  # the fixture has entries for every one of these queries
    answer = client.get(f"{TENDERS}?{query}", HTTP_AUTHORIZATION=f"Bearer {token[1]}").json()
    assert [row["id"] for row in answer["results"]] == expected
    assert answer["count"] == len(expected)


def test_some_filters_really_narrow(api, tenders):
    a, b, c = tenders
    ids = lambda query: [row["id"] for row in api.get(f"{TENDERS}?{query}").json()["results"]]  # noqa: E731
    assert set(ids("q=laptops")) == {a.pk, c.pk}
    assert ids("region=national") == [c.pk]
    assert ids("sort=oldest") == [b.pk, a.pk, c.pk]
    assert ids("cpv=48000000") == [b.pk]


@pytest.mark.parametrize("query", ["q=laptops", "", "q=take-back"])
def test_practice_filters_give_the_search_pages_entries(client, alice, tenders, token, query):
    expected = html_ids(client, alice, query, "practices")
    answer = client.get(f"{PRACTICES}?{query}", HTTP_AUTHORIZATION=f"Bearer {token[1]}").json()
    assert [row["id"] for row in answer["results"]] == expected and expected


def test_a_bad_filter_value_is_a_400_that_names_it(api):
    answer = api.get(f"{TENDERS}?year_min=abc&stage=nonsense")
    assert answer.status_code == 400
    errors = answer.json()
    assert errors["year_min"] == ["Enter a number."]
    assert "Select a valid choice. nonsense is not one of the available choices." in errors["stage"]


def test_a_filter_of_the_other_kind_is_a_400_that_says_so(api):
    """/practices/?region=... would otherwise list every practice, as if the region had been applied."""
    answer = api.get(f"{PRACTICES}?region=flanders&stage=awarded&q=laptops")
    assert answer.status_code == 400
    assert answer.json() == {
        "region": ["Not a filter of this list: it filters tenders only."],
        "stage": ["Not a filter of this list: it filters tenders only."],
    }
    assert api.get(f"{TENDERS}?theme=refurbished").json() == {
        "theme": ["Not a filter of this list: it filters practices only."]}
    assert api.get(f"{TENDERS}?region=flanders").status_code == 200


def test_an_unknown_parameter_is_a_400_that_lists_the_lists_parameters(api):
    """A misspelt filter (catgory) would otherwise list every tender, as if it had been applied."""
    answer = api.get(f"{TENDERS}?catgory=3&q=laptops&kind=practices")
    assert answer.status_code == 400
    errors = answer.json()
    assert set(errors) == {"catgory", "kind"}  # kind: the path says which entries are listed
    [message] = errors["catgory"]
    assert message.startswith("Not a parameter of this list. Its parameters are: q, category, ")
    assert message.endswith(", sort, page, page_size, format.")
    assert api.get(f"{TENDERS}?q=laptops&category=3&sort=newest&page=1&page_size=5&format=json").status_code == 200


def test_no_draft_ever_not_even_the_members_own(api, alice, bob, tenders):
    a, b, c = tenders
    hidden = []
    for state in (Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.REJECTED, Status.ARCHIVED):
        hidden.append(TenderFactory(author=alice, status=state, title=f"Laptops {state}"))
        hidden.append(PracticeFactory(author=bob, status=state, title=f"Laptops practice {state}"))
    pending_edit = TenderFactory(author=alice, status=Status.SUBMITTED, title="Laptops pending edit", revision_of=a)
    tender_ids = [row["id"] for row in api.get(f"{TENDERS}?page_size=100").json()["results"]]
    assert sorted(tender_ids) == sorted([a.pk, b.pk, c.pk])
    assert [row["id"] for row in api.get(f"{TENDERS}?q=laptops").json()["results"]] in ([a.pk, c.pk], [c.pk, a.pk])
    practice_titles = [row["title"] for row in api.get(PRACTICES).json()["results"]]
    assert practice_titles == ["Laptop take-back guidance"]
    for entry in [*hidden, pending_edit]:
        kind = "tender" if entry._meta.model_name == "tender" else "practice"
        answer = api.get(reverse(f"api:{kind}-detail", args=[entry.pk]))
        assert answer.status_code == 404 and answer.json() == {"detail": "No Tender matches the given query."
                                                               if kind == "tender" else
                                                               "No Practice matches the given query."}


def test_tender_detail_has_stable_fields_and_documents_with_download_links(api, alice, tenders):
    a = tenders[0]
    document = documents.attach(a, pdf_upload(), doc_type="specification", language="nl", by=alice)
    answer = api.get(reverse("api:tender-detail", args=[a.pk]))
    data = answer.json()
    assert answer.status_code == 200
    assert list(data) == [
        "id", "url", "web_url", "title", "reference", "summary", "language", "organisation", "co_buyers",
        "categories", "main_cpv", "additional_cpvs", "contract_type", "procedure_type", "framework_agreement",
        "central_purchasing_body", "estimated_value", "awarded_value", "publication_date", "award_date",
        "duration_months", "stage", "notice_url", "document_languages", "bids_received", "awarded_suppliers",
        "outcome", "lessons_learned", "criteria", "documents", "published_at"]
    assert data["title"] == "Laptops Gent" and data["stage"] == "awarded" and data["main_cpv"] == "30213100"
    assert data["organisation"] == {"id": alice.organisation_id, "name": "Stad Gent"}
    assert data["estimated_value"] == "100000.00" and data["categories"] == ["laptops"]
    assert data["url"] == f"http://testserver/api/v1/tenders/{a.pk}/"
    assert data["web_url"] == f"http://testserver/tenders/{a.pk}/"
    assert data["criteria"][0]["pillar"] == "circularity" and data["criteria"][0]["used_in"] == "award"
    assert data["documents"] == [{
        "id": document.pk, "name": "specification.pdf", "doc_type": "specification", "language": "nl",
        "size": document.size, "mime": "application/pdf",
        "download_url": f"http://testserver/documents/{document.pk}/download/"}]
    assert "author" not in data and "contact" not in data


def test_practice_lists_only_published_related_tenders(api, alice, publish, tenders):
    draft = TenderFactory(author=alice, status=Status.DRAFT)
    practice = publish(kind="practice", title="Take-back", summary="How.")
    practice.related_tenders.add(tenders[0], draft)
    data = api.get(reverse("api:practice-detail", args=[practice.pk])).json()
    assert data["related_tenders"] == [tenders[0].pk]
    assert data["organisation"]["name"] == "Stad Gent"


def test_pages_are_stable_and_cover_everything_once(api, publish):
    from django.utils import timezone

    same_time = timezone.now()
    made = [publish(title=f"Tender {n}", published_at=same_time).pk for n in range(7)]
    seen, url = [], f"{TENDERS}?page_size=3"
    pages = 0
    while url:
        answer = api.get(url).json()
        assert answer["count"] == 7
        seen += [row["id"] for row in answer["results"]]
        url = answer["next"]
        pages += 1
    assert pages == 3
    assert sorted(seen) == sorted(made) and len(seen) == len(set(seen))
    assert api.get(f"{TENDERS}?page_size=3&page=2").json()["results"] == \
        api.get(f"{TENDERS}?page_size=3&page=2").json()["results"]
    assert api.get(f"{TENDERS}?page=9").status_code == 404


def test_the_page_size_is_the_search_pages_and_capped(api, publish):
    for n in range(22):
        publish(title=f"Tender {n}")
    assert len(api.get(TENDERS).json()["results"]) == 20
    assert len(api.get(f"{TENDERS}?page_size=500").json()["results"]) == 22  # capped at 100


def test_reference_data(api, gent, fedorg):
    criteria = api.get(reverse("api:criterion-list")).json()
    assert criteria["count"] == Criterion.objects.count()
    first = Criterion.objects.order_by("ordering", "code", "pk").first()
    assert criteria["results"][0]["code"] == first.code and criteria["results"][0]["name_nl"] == first.name_nl
    categories = api.get(f"{reverse('api:category-list')}?page_size=100").json()["results"]
    laptops = next(row for row in categories if row["slug"] == "laptops")
    assert laptops["name_en"] == "Laptops" and laptops["cpv_codes"]
    organisations = api.get(reverse("api:organisation-list")).json()["results"]
    assert [row["name"] for row in organisations] == ["FOD BOSA", "Stad Gent"]
    assert organisations[1] == {"id": gent.pk, "name": "Stad Gent", "level": "municipality", "region": "flanders",
                                "enterprise_number": gent.enterprise_number, "website": gent.website}
    detail = api.get(reverse("api:criterion-detail", args=[first.pk])).json()
    assert detail["code"] == first.code


def test_only_get(api):
    assert api.post(TENDERS, {}).status_code == 405
    assert api.delete(TENDERS).status_code == 405


def test_a_search_the_database_stops_is_a_503_with_a_message(api, tenders, monkeypatch):
    from django.db import connection

    from buyersgroup.search.service import Search

    original = Search.rows

    def slow_rows(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.2)")
        return original(self)

    with connection.cursor() as cursor:  # the test's transaction: as the connection's 3 s would, sooner
        cursor.execute("SET LOCAL statement_timeout = 50")
    monkeypatch.setattr(Search, "rows", slow_rows)
    answer = api.get(f"{TENDERS}?q=laptops")
    assert answer.status_code == 503
    assert answer.json() == {
        "detail": "This search took too long and was stopped. Add words or filters and try again."}
