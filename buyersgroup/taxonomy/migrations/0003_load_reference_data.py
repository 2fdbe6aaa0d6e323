"""Load the starting criteria and product categories (buyersgroup/taxonomy/reference_data.py)."""

from django.db import migrations


def load_reference_data(apps, schema_editor):
    from buyersgroup.taxonomy import reference_data

    reference_data.load(
        apps.get_model("taxonomy", "Criterion"),
        apps.get_model("taxonomy", "ProductCategory"),
        apps.get_model("taxonomy", "CpvCode"),
    )


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0002_load_cpv")]

    # Reversing keeps the rows: by then coordinators own them and tenders may use them.
    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
