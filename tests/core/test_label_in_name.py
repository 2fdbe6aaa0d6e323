"""Every control's accessible name contains its visible text (WCAG 2.5.3); the landing page is described."""

import lxml.html
import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_language_buttons_are_named_by_what_they_show(client):
    doc = lxml.html.fromstring(client.get(reverse("accessibility")).content)
    buttons = doc.xpath("//form[@class='language-switcher']//button")
    names = {b.get("value"): " ".join(b.text_content().split()) for b in buttons}
    assert names == {"en": "EN English", "nl": "NL Nederlands", "fr": "FR Français"}
    assert all(b.get("aria-label") is None for b in buttons)
    assert [b.text.strip() for b in buttons] == ["EN", "NL", "FR"]  # what sighted users see


@pytest.mark.django_db
def test_no_aria_label_hides_the_visible_text_anywhere_on_the_public_pages(client):
    for url in (reverse("home"), reverse("accessibility"), reverse("account_login")):
        doc = lxml.html.fromstring(client.get(url).content)
        for element in doc.xpath("//*[self::a or self::button][@aria-label]"):
            visible = " ".join(element.text_content().split()).casefold()
            assert visible in element.get("aria-label").casefold(), (url, visible, element.get("aria-label"))


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "start"), [
    ("en", "The portal of the Belgian Buyers Group"), ("nl", "Het portaal van de Belgische Buyers Group"),
    ("fr", "Le portail du Buyers Group belge"),
])
def test_landing_page_has_a_meta_description(client, language, start):
    client.cookies["django_language"] = language
    doc = lxml.html.fromstring(client.get(reverse("home")).content)
    description = doc.xpath("//head/meta[@name='description']/@content")
    assert len(description) == 1 and description[0].startswith(start)
