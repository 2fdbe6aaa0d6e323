"""The interface exists in Dutch and French (SPEC §10).

The catalogue check runs on the committed .po files, so a string added without a translation
(or a fuzzy guess left by makemessages) fails CI instead of showing English to a Belgian buyer.
"""

import ast
import re
import shutil
from contextlib import chdir
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

LANGUAGES = ["nl", "fr"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%")


def catalogue(language):
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


def read_po(path):
    """The entries of a .po file as dicts: flags, msgctxt, msgid, msgid_plural, msgstr (list).

    A small reader of our own, so the test needs no extra package; obsolete entries (#~) are skipped.
    """
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": set(), "msgstr": {}}
        field = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                text = ast.literal_eval(line)
                if isinstance(field, int):
                    entry["msgstr"][field] += text
                else:
                    entry[field] += text
            else:
                keyword, _, value = line.partition(" ")
                text = ast.literal_eval(value)
                match = re.fullmatch(r"msgstr\[(\d)\]", keyword)
                if match:
                    field = int(match.group(1))
                    entry["msgstr"][field] = text
                elif keyword == "msgstr":
                    field = 0
                    entry["msgstr"][0] = text
                else:
                    field = keyword
                    entry[field] = text
        if entry.get("msgid"):
            entries.append(entry)
    return entries


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    entries = read_po(catalogue(language))
    assert len(entries) > 500  # the whole interface, not an empty file
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_catalogue_holds_every_string_of_the_code(tmp_path, settings):
    """Extract the strings afresh, as `make messages` does: a string added to a template or module
    after the last `make messages` shows up here, and so does a singular msgid reused as a plural
    one, which stops makemessages (give one of them a context).

    It runs on a copy of the code, because makemessages writes scratch files beside the templates
    and sends the files beside any folder named "locale" to that folder's catalogue.
    """
    committed = {(e.get("msgctxt"), e["msgid"]) for e in read_po(catalogue("nl"))}
    source = tmp_path / "source"
    skip = shutil.ignore_patterns(".*", "locale", "__pycache__", "*.pyc", "*.egg-info", "media", "tests")
    shutil.copytree(settings.BASE_DIR, source, ignore=skip)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    with chdir(source):
        call_command("makemessages", locale=["nl"], no_obsolete=True, verbosity=0)
    fresh = {(e.get("msgctxt"), e["msgid"]) for e in read_po(tmp_path / "locale" / "nl" / "LC_MESSAGES" / "django.po")}
    assert len(fresh) > 500
    assert sorted(fresh - committed, key=str) == [], "run `make messages` and translate the new strings"


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_entries_fill_both_forms_and_keep_placeholders(language):
    for entry in read_po(catalogue(language)):
        if "msgid_plural" in entry:
            assert sorted(entry["msgstr"]) == [0, 1], entry["msgid"]
            sources = [entry["msgid"], entry["msgid_plural"]]
        else:
            sources = [entry["msgid"]]
        for index, source in enumerate(sources):
            if "python-format" in entry["flags"] and PLACEHOLDER.search(source):
                translated = entry["msgstr"][index]
                assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(source)), source


def page(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", ["Aanmelden", "Toegang aanvragen", "Toegankelijkheidsverklaring", "Privacyverklaring"]),
        ("fr", ["Se connecter", "Demander l'accès", "Déclaration d'accessibilité", "Déclaration de confidentialité"]),
    ],
)
def test_landing_page_speaks_the_chosen_language(client, language, words):
    html = page(client, reverse("home"), language).replace("&#x27;", "'")
    assert f'<html lang="{language}">' in html
    for word in words:
        assert word in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [("nl", ["Aanmelden", "E-mailadres", "Wachtwoord"]), ("fr", ["Se connecter", "Adresse e-mail", "Mot de passe"])],
)
def test_login_page_speaks_the_chosen_language(client, language, words):
    html = page(client, reverse("account_login"), language)
    assert f'<html lang="{language}">' in html
    for word in words:
        assert word in html


NAVIGATION = {
    "nl": ["Opdrachten", "Leden", "Mijn profiel", "Afmelden"],
    "fr": ["Marchés", "Membres", "Mon profil", "Se déconnecter"],
}


@pytest.mark.parametrize(
    ("language", "words"),
    [("nl", ["Gepubliceerde opdrachten", "Nieuwe opdracht"]), ("fr", ["Marchés publiés", "Nouveau marché"])],
)
def test_tender_list_speaks_the_chosen_language(client, alice, language, words):
    client.force_login(alice)
    html = page(client, reverse("tenders:list"), language)
    assert f'<html lang="{language}">' in html
    for word in NAVIGATION[language] + words:
        assert word in html


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", ["Zoeken", "Filters", "Bestuursniveau", "Gewest"]),
        ("fr", ["Rechercher", "Filtres", "Niveau de pouvoir", "Région"]),
    ],
)
def test_members_directory_speaks_the_chosen_language(client, alice, bob, language, words):
    client.force_login(alice)
    html = page(client, reverse("members:directory"), language)
    assert f'<html lang="{language}">' in html
    for word in NAVIGATION[language] + words:
        assert word in html
    assert "Bob" in html


@pytest.mark.django_db
def test_language_switcher_remembers_the_choice(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": reverse("account_login")})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    html = client.get(reverse("account_login")).content.decode()
    assert '<html lang="fr">' in html
    assert "Mot de passe" in html


def test_tender_form_labels_follow_the_language_of_the_request(client, alice):
    """Labels built when the module is imported must stay lazy, or they freeze in English."""
    client.force_login(alice)
    html = page(client, reverse("tenders:create"), "fr").replace("&#x27;", "'")
    assert "Lien vers l'avis officiel" in html
    assert "Enregistrer le brouillon" in html


def test_review_messages_follow_the_language_of_the_request(client, alice):
    from tests.tenders.factories import TenderFactory

    tender = TenderFactory(author=alice, status="draft")
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    response = client.post(reverse("tenders:act", args=[tender.pk, "submit"]), follow=True)
    assert "Ter beoordeling ingediend. De coördinatoren zijn op de hoogte gebracht." in response.content.decode()
