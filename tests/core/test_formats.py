"""Dates, amounts and file sizes as each language writes them (SPEC §10)."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from tests.tenders.factories import TenderFactory

NBSP = "\xa0"


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "29 September 2021"), ("nl", "29 september 2021"), ("fr", "29 septembre 2021")],
)
def test_dates_read_day_month_year(language, expected):
    assert render("{{ day|date }}", language, day=datetime.date(2021, 9, 29)) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "29 September 2021, 13:33"), ("nl", "29 september 2021, 13:33"), ("fr", "29 septembre 2021, 13:33")],
)
def test_date_and_time_use_a_24_hour_clock(language, expected, settings):
    moment = timezone.make_aware(datetime.datetime(2021, 9, 29, 13, 33))
    assert render('{{ moment|date:"DATETIME_FORMAT" }}', language, moment=moment) == expected


def test_english_never_writes_us_dates_or_am_pm():
    moment = timezone.make_aware(datetime.datetime(2021, 9, 29, 13, 33))
    html = render('{{ moment|date }} {{ moment|date:"DATETIME_FORMAT" }} {{ moment|date:"SHORT_DATETIME_FORMAT" }}',
                  "en", moment=moment)
    assert "Sept." not in html and "p.m." not in html and "1:33" not in html
    assert "29 Sep 2021, 13:33" in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "€250,000.00"), ("nl", f"€{NBSP}250.000,00"), ("fr", f"250{NBSP}000,00{NBSP}€")],
)
def test_amounts_in_euro(language, expected):
    assert render("{{ value|eur }}", language, value=Decimal("250000")) == expected


def test_amounts_without_cents_and_missing_amounts():
    assert render("{{ value|eur:0 }}", "fr", value=Decimal("1234567.89")) == f"1{NBSP}234{NBSP}568{NBSP}€"
    assert render("[{{ value|eur }}]", "en", value=None) == "[]"


@pytest.mark.parametrize(
    ("language", "size", "expected"),
    [
        ("en", 1_258_291, f"1.2{NBSP}MB"),
        ("nl", 1_258_291, f"1,2{NBSP}MB"),
        ("fr", 1_258_291, f"1,2{NBSP}Mo"),
        ("en", 2048, f"2.0{NBSP}KB"),
        ("fr", 2048, f"2,0{NBSP}Ko"),
        ("nl", 500, "500 bytes"),
        ("fr", 500, "500 octets"),
    ],
)
def test_file_sizes(language, size, expected):
    assert render("{{ size|filesize }}", language, size=size) == expected


def test_english_forms_read_dates_day_first():
    from django import forms

    class DateForm(forms.Form):
        day = forms.DateField()

    with translation.override("en"):
        form = DateForm({"day": "03/04/2021"})
        assert form.is_valid()
    assert form.cleaned_data["day"] == datetime.date(2021, 4, 3)


def test_tender_page_in_french_shows_amount_and_notice_date(client, alice):
    tender = TenderFactory(author=alice, status="published", estimated_value=Decimal("250000"),
                         publication_date=datetime.date(2021, 9, 29))
    client.force_login(alice)
    client.cookies["django_language"] = "fr"
    html = client.get(reverse("tenders:detail", args=[tender.pk])).content.decode()
    assert f"250{NBSP}000,00{NBSP}€" in html
    assert "29 septembre 2021" in html


def test_tender_page_labels_the_notice_publication(client, alice):
    tender = TenderFactory(author=alice, status="published", publication_date=datetime.date(2021, 9, 29))
    client.force_login(alice)
    html = client.get(reverse("tenders:detail", args=[tender.pk])).content.decode()
    assert "<dt>Notice published</dt><dd>29 September 2021</dd>" in html
    assert "€250,000.00" in html
