"""Forms say what to do, and a page with errors says so in its title (SPEC §10, WCAG 3.3.1)."""

import re
from html import unescape

from django.urls import reverse

from tests.tenders.test_forms import URL, valid_data


def title_of(response) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)).strip()


def field_error(response, name: str) -> str:
    match = re.search(rf'id="id_{name}_error">(.*?)</p>', response.content.decode(), re.S)
    return unescape(match.group(1)) if match else ""


def test_tender_form_errors_say_what_to_do_and_the_title_starts_with_error(client, alice):
    client.force_login(alice)
    assert title_of(client.get(URL)).startswith("New tender")

    response = client.post(URL, valid_data(title="", summary="", procedure_type="", estimated_value="lots"))

    assert response.status_code == 200
    assert title_of(response).startswith("Error: ")
    assert field_error(response, "title") == (
        "Give the title of the tender, e.g. “Refurbished laptops for primary schools”."
    )
    assert field_error(response, "summary").startswith("Give a short summary")
    assert field_error(response, "procedure_type") == "Choose the procedure used, e.g. “Open procedure”."
    assert field_error(response, "estimated_value") == "Give the amount in euro as a number, e.g. 250000 or 250000.50."
    assert "This field is required." not in response.content.decode()


def test_criterion_row_errors_say_what_to_do(client, alice):
    client.force_login(alice)
    response = client.post(URL, valid_data(**{"criteria-0-used_in": ""}))
    assert title_of(response).startswith("Error: ")
    assert field_error(response, "criteria-0-used_in") == "Choose where the criterion was used, e.g. “Award criterion”."


def test_error_title_in_other_languages_and_for_other_forms(client, alice):
    client.force_login(alice)
    client.cookies["django_language"] = "fr"
    response = client.post(URL, valid_data(title=""))
    assert title_of(response).startswith("Erreur\xa0: ")
    client.cookies["django_language"] = "nl"
    response = client.post(reverse("members:profile"), {"first_name": "", "last_name": ""})
    assert title_of(response).startswith("Fout: ")


def test_pages_without_errors_have_a_plain_title(client, alice):
    client.force_login(alice)
    assert not title_of(client.get(reverse("members:profile"))).startswith("Error")
    assert not title_of(client.get(reverse("home"))).startswith("Error")


def test_labels_are_bold_inside_fieldsets_too():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "portal.css").read_text()
    assert "label, legend { display: block; font-weight: 600;" in css
    assert not re.search(r"^fieldset label \{[^}]*font-weight: 500", css, re.M)
