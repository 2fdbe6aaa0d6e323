"""The accessibility statement follows the EU model statement (Implementing Decision (EU) 2018/1523)."""

import lxml.html
import pytest
from django.urls import reverse


def page(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    return lxml.html.fromstring(response.content)


@pytest.mark.django_db
def test_statement_has_every_section_of_the_model(client, settings):
    doc = page(client)
    headings = [" ".join(h.text_content().split()) for h in doc.xpath("//main//h2")]
    assert headings == [
        "Compliance status", "Non-accessible content", "Preparation of this accessibility statement",
        "Feedback and contact information", "Enforcement procedure",
    ]
    text = " ".join(doc.xpath("//main")[0].text_content().split())
    assert "partially compliant with the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA" in text
    assert "None known: at the last check, on 26 November 2026," in text
    assert "This statement was prepared on 24 November 2026 and last reviewed on 26 November 2026." in text
    assert f"write to {settings.CONTACT_EMAIL}" in text
    assert "Federal Ombudsman" in text
    assert doc.xpath(f'//main//a[@href="mailto:{settings.CONTACT_EMAIL}"]')


@pytest.mark.django_db
def test_statement_in_dutch_and_french(client):
    client.cookies["django_language"] = "nl"
    nl = " ".join(page(client).xpath("//main")[0].text_content().split())
    assert "Toegankelijkheidsverklaring" in nl and "26 november 2026" in nl
    client.cookies["django_language"] = "fr"
    fr = " ".join(page(client).xpath("//main")[0].text_content().split())
    assert "Déclaration d'accessibilité" in fr and "26 novembre 2026" in fr
