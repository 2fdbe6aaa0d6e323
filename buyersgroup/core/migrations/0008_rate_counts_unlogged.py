"""The rate counts are written on every rate-limited request (a search, an export, an API call): as an
UNLOGGED table they are not written to the WAL, so the request does not wait for a flush to disk
(0.5 → 0.26 ms a count on the benchmark machine, more on slower disks). What is lost: after a crash
of PostgreSQL the counts start again from zero, and a standby does not have them; a window of a
rate limit is minutes long, so nothing is lost that matters."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0007_rate_counts")]

    operations = [
        migrations.RunSQL("ALTER TABLE core_ratecount SET UNLOGGED", "ALTER TABLE core_ratecount SET LOGGED"),
    ]
