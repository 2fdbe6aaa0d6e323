"""Product categories: members read them with their CPV codes, coordinators edit them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from buyersgroup.taxonomy.models import CpvCode, ProductCategory
from tests.taxonomy.helpers import form_data, texts

LIST = reverse("taxonomy:categories")
CREATE = reverse("taxonomy:category_create")


def edit_url(category):
    return reverse("taxonomy:category_edit", args=[category.pk])


def codes_of(category):
    return sorted(category.cpv_codes.values_list("code", flat=True))


def test_the_starting_categories_map_to_cpv_codes(db):
    slugs = set(ProductCategory.objects.values_list("slug", flat=True))
    assert {
        "laptops", "desktops", "monitors", "smartphones", "tablets", "servers", "storage", "network-equipment",
        "printers-imaging", "data-centre-services", "cloud-services", "software", "it-services",
        "repair-maintenance", "refurbished-equipment", "take-back-end-of-life",
    } <= slugs
    assert codes_of(ProductCategory.objects.get(slug="laptops")) == ["30213100"]
    # CPV has no "refurbished" code: the category stands for the device codes.
    assert {"30213100", "30213200", "32250000"} <= set(codes_of(ProductCategory.objects.get(slug="refurbished-equipment")))
    assert not ProductCategory.objects.filter(cpv_codes=None).exists()


def test_member_reads_categories_with_their_codes_in_their_language(client, alice):
    ProductCategory.objects.filter(slug="audio-visual").update(is_active=False)
    client.force_login(alice)

    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    rows = texts(response, "//table//tbody/tr")
    assert "Ordinateurs portables 30213100 Ordinateurs portables" in rows
    assert not any(row.startswith("Équipement audiovisuel") for row in rows)
    assert f'href="{CREATE}"' not in response.content.decode()
    assert "/reference/categories/" + str(ProductCategory.objects.get(slug="laptops").pk) not in response.content.decode()


def test_coordinator_adds_a_category_with_codes_typed_as_text(client, cora):
    CpvCode.objects.filter(code="30213100").update(check_digit="6")
    client.force_login(cora)
    data = form_data(client.get(CREATE), "cpv_codes")
    data.update(
        name_en="Rugged notebooks",
        name_nl="Robuuste laptops",
        name_fr="Portables renforcés",
        slug="",
        cpv_codes="30213100-6, 30213000\n 30213100 \n",
        ordering="5",
    )

    response = client.post(CREATE, data)

    assert response.status_code == 302 and response["Location"] == LIST
    category = ProductCategory.objects.get(slug="rugged-notebooks")
    assert codes_of(category) == ["30213000", "30213100"]
    assert category.name_fr == "Portables renforcés"


@pytest.mark.parametrize(
    "typed, error",
    [
        ("30213100, 99999999", "99999999 is not in the CPV 2008 list."),
        ("30213100\n3021-31", "“3021-31” is not a CPV code"),
        ("30213100-7", "30213100-7: the check digit of 30213100 is 6."),
        ("", "This field is required."),
    ],
)
def test_a_bad_cpv_code_is_named_and_nothing_is_saved(client, cora, typed, error):
    CpvCode.objects.filter(code="30213100").update(check_digit="6")
    client.force_login(cora)
    data = form_data(client.get(CREATE), "cpv_codes")
    data.update(name_en="Rugged notebooks", name_nl="Robuuste laptops", name_fr="Portables renforcés", cpv_codes=typed)
    count = ProductCategory.objects.count()

    response = client.post(CREATE, data)

    assert response.status_code == 200
    assert error in " ".join(texts(response, "//*[@class='field-errors']/p"))
    assert error in " ".join(texts(response, "//*[@id='error-summary']//li"))
    assert ProductCategory.objects.count() == count


def test_coordinator_edits_the_codes_of_a_category(client, cora):
    category = ProductCategory.objects.get(slug="monitors")
    client.force_login(cora)
    data = form_data(client.get(edit_url(category)), "cpv_codes")
    assert data["cpv_codes"].split() == ["30231000", "30231300"]  # shown as typed text
    data["cpv_codes"] += "\n32322000"
    data.pop("is_active")

    response = client.post(edit_url(category), data)

    assert response.status_code == 302
    category.refresh_from_db()
    assert codes_of(category) == ["30231000", "30231300", "32322000"]
    assert category.is_active is False


def test_a_failed_edit_keeps_the_old_codes(client, cora):
    category = ProductCategory.objects.get(slug="monitors")
    client.force_login(cora)
    data = form_data(client.get(edit_url(category)), "cpv_codes")
    data["cpv_codes"] = "30231000, 12345678"

    response = client.post(edit_url(category), data)

    assert response.status_code == 200
    assert "12345678 is not in the CPV 2008 list." in texts(response, "//*[@class='field-errors']/p")
    assert codes_of(category) == ["30231000", "30231300"]


def test_members_get_404_on_the_edit_pages(client, alice):
    category = ProductCategory.objects.get(slug="laptops")
    client.force_login(alice)

    assert client.get(CREATE).status_code == 404
    assert client.post(CREATE, {"name_en": "X", "name_nl": "X", "name_fr": "X", "cpv_codes": "30213100"}).status_code == 404
    assert client.get(edit_url(category)).status_code == 404
    assert client.post(edit_url(category), {"cpv_codes": "48000000"}).status_code == 404
    assert codes_of(category) == ["30213100"]
    assert not ProductCategory.objects.filter(name_en="X").exists()


@pytest.mark.parametrize("persona", ["alice", "cora"])
def test_category_list_query_count_does_not_grow_with_rows(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    codes = list(CpvCode.objects.filter(code__startswith="3021"))
    for number in range(15):
        category = ProductCategory.objects.create(slug=f"test-{number}", name_en="T", name_nl="T", name_fr="T")
        category.cpv_codes.set(codes)
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).status_code == 200
    assert len(many) == len(few) <= 9
