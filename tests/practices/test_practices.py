"""Practices through the pages: writing one, preview, related tenders, figures, links both ways,
model clauses, reports, the shared workflow, and constant query counts."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from buyersgroup.moderation.services import transition
from buyersgroup.taxonomy.models import Criterion, ProductCategory
from practices.models import Practice
from tests.practices.factories import PracticeFactory
from tests.tenders.factories import TenderFactory, apply_criterion
from tests.tenders.helpers import post_data


def _data(**overrides):
    data = {
        "title": "Take-back clause for laptops",
        "practice_type": "model_clause",
        "summary": "A clause that makes the supplier take back and refurbish the old laptops.",
        "body": "## The clause\n\nThe contractor **takes back** every device.\n\n- data wiped\n- report sent",
        "recommendations": "",
        "language": "en",
        "themes": ["take_back", "circular_criteria"],
        "related_tenders": "",
        "results": "",
    }
    data.update(overrides)
    return data


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum(1 for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT")))


def test_member_writes_a_practice_draft(client, alice):
    published = TenderFactory(author=alice, status="published", title="Refurbished laptops for Gent")
    laptops = ProductCategory.objects.get(slug="laptops")
    criterion = Criterion.objects.get(code="EOL-TAKEBACK")
    client.force_login(alice)
    response = client.post(reverse("practices:create"), _data(
        categories=[laptops.pk], criteria=[criterion.pk], related_tenders=f"Refurbished laptops for Gent (#{published.pk})",
        devices_reused="1200", lifetime_extension_years="2.5", co2e_avoided_tonnes="84.3", money_saved_eur="150000",
        status="published", author="999", organisation="999",
    ))
    practice = Practice.objects.get()
    assert response.url == reverse("practices:upload_document", args=[practice.pk])  # its documents next
    assert (practice.status, practice.author, practice.organisation) == ("draft", alice, alice.organisation)
    assert practice.themes == ["take_back", "circular_criteria"]
    assert list(practice.related_tenders.all()) == [published]
    assert list(practice.criteria.all()) == [criterion] and list(practice.categories.all()) == [laptops]
    assert practice.devices_reused == 1200 and str(practice.co2e_avoided_tonnes) == "84.30"
    assert practice.body_html.startswith("<h4>The clause</h4>")  # ## becomes h4 under the page's h1/h2
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "<strong>takes back</strong>" in page and "1200" in page and "84.3" in page
    assert "Refurbished laptops for Gent" in page


def test_preview_renders_the_markdown_and_saves_nothing(client, alice):
    client.force_login(alice)
    response = client.post(reverse("practices:create"), _data(body="# Big\n\n*careful* <script>alert(1)</script>", preview="1"))
    page = response.content.decode()
    assert response.status_code == 200
    assert not Practice.objects.exists()
    preview = page[page.index('id="preview-heading"'):page.index("</section>", page.index('id="preview-heading"'))]
    assert "<h3>Big</h3>" in preview and "<em>careful</em>" in preview
    assert "<script>alert(1)" not in page
    assert "*careful*" in page  # what was typed is still in the textarea


@pytest.mark.parametrize("field", ["devices_reused", "lifetime_extension_years", "co2e_avoided_tonnes", "money_saved_eur"])
def test_negative_figures_are_refused_on_their_field(client, alice, field):
    client.force_login(alice)
    response = client.post(reverse("practices:create"), _data(**{field: "-3"}))
    assert response.context["form"].errors == {field: ["Give a number of zero or more, or leave it empty."]}
    assert not Practice.objects.exists()


def test_required_fields_say_what_to_do(client, alice):
    client.force_login(alice)
    response = client.post(reverse("practices:create"), _data(title="", summary=""))
    errors = response.context["form"].errors
    assert errors["title"] == ["Give the practice a title, e.g. “Take-back clause for laptops”."]
    assert errors["summary"] == ["Write two or three sentences: what was done and what came of it."]
    assert "<title>Error:" in response.content.decode()


def test_related_tenders_by_part_of_the_title_or_with_the_choices_when_ambiguous(client, alice, carol):
    one = TenderFactory(author=carol, status="published", title="Monitors with TCO Certified 2025")
    TenderFactory(author=carol, status="published", title="Smartphones Electronics Watch 2024")
    TenderFactory(author=carol, status="published", title="Smartphones Electronics Watch 2025")
    draft = TenderFactory(author=carol, status="draft", title="Secret monitors")
    client.force_login(alice)

    client.post(reverse("practices:create"), _data(related_tenders="TCO Certified"))
    assert list(Practice.objects.get().related_tenders.all()) == [one]

    response = client.post(reverse("practices:create"), _data(related_tenders="Smartphones\nNo such tender"))
    errors = response.context["form"].errors["related_tenders"]
    assert errors[0].startswith("“Smartphones” matches several tenders; keep the one you mean: Smartphones Electronics Watch")
    assert errors[1] == "No published tender has “No such tender” in its title."
    response = client.post(reverse("practices:create"), _data(related_tenders=f"#{draft.pk}"))
    assert response.context["form"].errors["related_tenders"] == [f"“#{draft.pk}” is not a published tender."]


def test_tender_suggestions_list_only_published_tenders(client, alice, carol):
    TenderFactory(author=carol, status="published", title="Refurbished desktops 2026")
    TenderFactory(author=carol, status="submitted", title="Refurbished desktops 2027")
    client.force_login(alice)
    rows = client.get(reverse("tenders:suggest"), {"q": "desktops"}).json()
    assert [row["value"].split(" (#")[0] for row in rows] == ["Refurbished desktops 2026"]


def test_practice_goes_through_the_same_workflow_with_a_diff_of_its_edit(client, alice, cora):
    practice = PracticeFactory(author=alice, status="draft", title="Lessons on spare parts")
    client.force_login(alice)
    client.post(reverse("practices:act", args=[practice.pk, "submit"]))
    client.force_login(cora)
    client.post(reverse("practices:review", args=[practice.pk]), {"decision": "publish", "comment": ""})
    assert Practice.objects.get(pk=practice.pk).status == "published"

    client.force_login(alice)
    form = client.get(reverse("practices:edit", args=[practice.pk])).context["form"]
    data = post_data(form)
    data["body"] = "Spare parts for **seven** years."
    client.post(reverse("practices:edit", args=[practice.pk]), data)
    revision = Practice.objects.get(revision_of=practice)
    transition(revision, "submit", alice)
    client.force_login(cora)
    response = client.get(reverse("practices:review", args=[revision.pk]))
    labels = {change.label: change for change in response.context["diff"]}
    assert list(labels) == ["Text"]  # the rendered HTML is not compared, the Markdown is
    assert labels["Text"].after == "Spare parts for **seven** years."


def test_links_both_ways_tender_page_and_criterion_page(client, alice, carol):
    tender = TenderFactory(author=carol, status="published", title="Laptops with take-back")
    apply_criterion(tender, "EOL-TAKEBACK", "contract_clause", None)
    practice = PracticeFactory(author=alice, status="published", title="How the take-back went")
    practice.related_tenders.add(tender)
    practice.criteria.add(Criterion.objects.get(code="EOL-TAKEBACK"))
    hidden = PracticeFactory(author=alice, status="draft", title="Unpublished reflections")
    hidden.related_tenders.add(tender)
    client.force_login(carol)

    page = client.get(tender.get_absolute_url()).content.decode()
    assert "Lessons learned from this tender" in page and "How the take-back went" in page
    assert "Unpublished reflections" not in page

    page = client.get(reverse("taxonomy:criterion", args=["EOL-TAKEBACK"])).content.decode()
    assert "Laptops with take-back" in page and "How the take-back went" in page
    assert "Unpublished reflections" not in page
    assert reverse("taxonomy:criterion", args=["EOL-TAKEBACK"]) in client.get(tender.get_absolute_url()).content.decode()


def test_model_clause_has_copy_button_and_plain_text_download(client, alice, carol):
    clause = PracticeFactory(author=alice, status="published", practice_type="model_clause",
                             title="Spare parts clause", body="The contractor keeps **spare parts** for 7 years.")
    client.force_login(carol)
    page = client.get(clause.get_absolute_url()).content.decode()
    assert "Copy text" in page and 'data-copy-target="practice-text"' in page
    assert reverse("practices:text", args=[clause.pk]) in page
    response = client.get(reverse("practices:text", args=[clause.pk]))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="spare-parts-clause.txt"'
    assert "The contractor keeps **spare parts** for 7 years." in response.content.decode()
    best = PracticeFactory(author=alice, status="published", practice_type="best_practice")
    assert "Copy text" not in client.get(best.get_absolute_url()).content.decode()


def test_report_shows_its_recommendations_first_and_the_list_narrows_to_reports(client, alice, carol):
    report = PracticeFactory(author=alice, status="published", practice_type="report", title="Annual report 2025",
                             recommendations="1. Ask for **spare parts**\n2. Monitor", body="Long text")
    PracticeFactory(author=alice, status="published", title="A case study")
    client.force_login(carol)
    page = client.get(report.get_absolute_url()).content.decode()
    assert page.index("Recommendations") < page.index("Long text")
    assert "<strong>spare parts</strong>" in page
    reports = client.get(reverse("practices:list"), {"type": "report"}).content.decode()
    assert "Annual report 2025" in reports and "A case study" not in reports
    everything = client.get(reverse("practices:list"), {"type": "nonsense"}).content.decode()
    assert "Annual report 2025" in everything and "A case study" in everything


def test_list_sends_other_filters_to_the_search_of_practices_with_its_type(client, alice, carol):
    from urllib.parse import parse_qs, urlsplit

    PracticeFactory(author=alice, status="published", practice_type="report", title="Take-back report",
                    themes=["take_back"])
    PracticeFactory(author=alice, status="published", practice_type="report", title="Fair report", themes=["fair_criteria"])
    PracticeFactory(author=alice, status="published", title="Take-back case", themes=["take_back"])
    client.force_login(carol)
    response = client.get(reverse("practices:list"), {"type": "report", "theme": "take_back"})
    assert response.status_code == 302
    target = urlsplit(response.url)
    assert target.path == reverse("search:search")
    assert parse_qs(target.query) == {"practice_type": ["report"], "theme": ["take_back"], "kind": ["practices"]}
    page = client.get(response.url).content.decode()
    assert "Take-back report" in page and "Fair report" not in page and "Take-back case" not in page
    # its own filter alone stays on the list
    assert client.get(reverse("practices:list"), {"type": "report"}).status_code == 200


def test_list_shows_only_published_practices(client, alice, carol):
    PracticeFactory(author=alice, status="published", title="Shared with everyone")
    PracticeFactory(author=alice, status="draft", title="Not yet")
    client.force_login(carol)
    page = client.get(reverse("practices:list")).content.decode()
    assert "Shared with everyone" in page and "Not yet" not in page
    mine = client.get(reverse("practices:mine")).content.decode()
    assert "Shared with everyone" not in mine


def test_practice_pages_query_counts_do_not_grow(client, alice, carol):
    small = PracticeFactory(author=alice, status="published")
    big = PracticeFactory(author=alice, status="published")
    for n in range(6):
        tender = TenderFactory(author=carol, status="published")
        big.related_tenders.add(tender)
    big.criteria.add(*Criterion.objects.all()[:6])
    big.categories.add(*ProductCategory.objects.all()[:4])
    client.force_login(carol)
    assert _queries(client, small.get_absolute_url()) == _queries(client, big.get_absolute_url()) <= 12
    few = _queries(client, reverse("practices:list"))
    for _ in range(10):
        PracticeFactory(author=alice, status="published")
    assert _queries(client, reverse("practices:list")) == few <= 12


def test_home_counts_published_practices_and_navigation_names_them(client, alice):
    PracticeFactory(author=alice, status="published")
    client.force_login(alice)
    page = client.get(reverse("home")).content.decode()
    assert "1</strong> published practice" in page
    nav = page[page.index('aria-label="Main"'):]
    assert f'href="{reverse("practices:list")}"' in nav and ">Practices</a>" in nav


def test_withdrawn_and_deleted_messages_name_the_practice(client, alice):
    practice = PracticeFactory(author=alice, status="submitted", title="Old idea")
    client.force_login(alice)
    client.post(reverse("practices:act", args=[practice.pk, "withdraw"]))
    page = client.get(reverse("practices:delete", args=[practice.pk])).content.decode()
    assert "This deletes the practice and its 0 documents for good." in page
    response = client.post(reverse("practices:delete", args=[practice.pk]))
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["“Old idea” was deleted."]
    assert response.url == reverse("practices:mine")
