"""CPV helpers: reading typed codes, the hierarchy in the digits, and search (on the shipped list)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from buyersgroup.taxonomy.cpv import cpv_level, cpv_parent, cpv_prefix, normalise_cpv, search_cpv
from buyersgroup.taxonomy.models import CpvCode


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("30213100", "30213100"),
        ("30213100-6", "30213100"),
        (" 30213100 - 6 ", "30213100"),
        ("03000000-1", "03000000"),
        ("\t72000000-5\n", "72000000"),
    ],
)
def test_normalise_cpv_accepts_the_ways_people_write_codes(typed, stored):
    assert normalise_cpv(typed) == stored


@pytest.mark.parametrize("typed", ["3021310", "302131000", "30213100-", "30213100-66", "3021310O", "laptop", "", None])
def test_normalise_cpv_refuses_anything_else_with_a_clear_message(typed):
    with pytest.raises(ValidationError) as raised:
        normalise_cpv(typed)
    assert raised.value.code == "invalid_cpv"
    assert "is not a CPV code" in raised.value.messages[0]


@pytest.mark.parametrize(
    "code, prefix, level",
    [
        ("30000000", "30", 1),
        ("03000000", "03", 1),
        ("30200000", "302", 2),
        ("30210000", "3021", 3),
        ("30213000", "30213", 4),
        ("30213100", "302131", 5),
        ("30192113", "30192113", 5),
    ],
)
def test_prefix_and_level_come_from_the_significant_digits(code, prefix, level):
    assert cpv_prefix(code) == prefix
    assert cpv_level(code) == level


def test_parent_is_the_nearest_existing_shorter_code():
    known = {"03000000", "03100000", "03110000", "03111100"}
    assert cpv_parent("03111100", known) == "03110000"  # 03111000 does not exist: skipped
    assert cpv_parent("03110000", known) == "03100000"
    assert cpv_parent("03000000", known) is None


@pytest.mark.django_db
def test_a_parent_codes_prefix_finds_its_descendants():
    """SPEC §2.1: filtering on 30200000 finds 30213100."""
    descendants = CpvCode.objects.filter(code__startswith=cpv_prefix("30200000"))
    assert descendants.filter(code="30213100").exists()
    assert not descendants.filter(code="30100000").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "portable computers",
        "Portable Computers",
        "ordinateurs portables",
        "ORDINATEUR portable",
        "draagbare computers",
        "tragbare computer",
        "laptop",  # no official label says so: found through the Laptops category
        "302131",
        "30213100-6",
        "30213100",
        " 30213100 - 6 ",
        "30213100-6 Portable computers",  # an option pasted back into the box
        "3021 portable",
    ],
)
def test_search_finds_portable_computers(query):
    assert search_cpv(query)[0].code == "30213100"


@pytest.mark.django_db
def test_search_ignores_accents_both_ways():
    assert "32250000" in [code.code for code in search_cpv("telephones mobiles")]  # label: Téléphones mobiles
    assert "32250000" in [code.code for code in search_cpv("téléphones mobiles")]


@pytest.mark.django_db
def test_search_by_code_prefix_puts_general_codes_first_and_respects_the_limit():
    results = search_cpv("3021", limit=5)
    assert len(results) == 5
    assert results[0].code == "30210000"
    assert all(code.code.startswith("3021") for code in results)
    assert [code.level for code in results] == sorted(code.level for code in results)


@pytest.mark.django_db
def test_search_combines_a_code_prefix_with_words():
    results = [code.code for code in search_cpv("30 portable")]
    assert "30213100" in results and "30237270" in results  # portable computers, their carrying cases
    assert "31521300" not in results  # "Portable electric lamps" is outside division 30


@pytest.mark.django_db
def test_search_with_nothing_to_look_for():
    assert search_cpv("") == []
    assert search_cpv("   ") == []
    assert search_cpv("xyzzy-nothing") == []


@pytest.mark.django_db
def test_label_follows_the_active_language():
    laptops = CpvCode.objects.get(code="30213100")
    with translation.override("fr"):
        assert laptops.label == "Ordinateurs portables"
    with translation.override("nl"):
        assert laptops.label == "Draagbare computers"
    with translation.override("de"):
        assert laptops.label == "Tragbare Computer"
    with translation.override("es"):  # not a portal language: English
        assert laptops.label == "Portable computers"
