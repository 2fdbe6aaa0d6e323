"""Load the CPV 2008 main vocabulary shipped in taxonomy/data (no network, about a second).

The file carries level and parent already, so this is a plain bulk insert; the
parent foreign key is checked at commit, so the order of rows does not matter.
"""

import gzip
import json
from pathlib import Path

from django.db import migrations

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "cpv-2008.json.gz"


def load_cpv(apps, schema_editor):
    CpvCode = apps.get_model("taxonomy", "CpvCode")
    rows = json.loads(gzip.decompress(SHIPPED.read_bytes()))
    CpvCode.objects.bulk_create(
        [
            CpvCode(
                code=row["code"],
                level=row["level"],
                parent_id=row["parent"],
                **{f"label_{language}": label for language, label in row["labels"].items()},
            )
            for row in rows
        ],
        batch_size=2000,
    )


def unload_cpv(apps, schema_editor):
    CpvCode = apps.get_model("taxonomy", "CpvCode")
    CpvCode.objects.update(parent=None)
    CpvCode.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(load_cpv, unload_cpv)]
