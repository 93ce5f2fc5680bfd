"""Complaints per status, per complainant and overall, kept by database triggers (core.tallies):
Manage Complaints' chart and the reviewers' queue size read a few rows instead of counting the
table. The existing complaints are counted here, in this migration's transaction: writes to
complaints wait for that count (seconds on millions of rows), reads do not."""

from django.db import migrations

from core.tallies import InstallTally, TallySpec


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0005_list_indexes"),
        ("core", "0008_tally"),
    ]

    operations = [
        InstallTally(
            TallySpec(
                name="complaints",
                table="complaints_complaint",
                key="status",
                scope="complainant_id",
            )
        ),
    ]
