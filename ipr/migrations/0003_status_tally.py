"""IPRs per status, per owner and overall, kept by database triggers (core.tallies): the IPR
Management tabs read a few rows instead of counting the owner's IPRs on every page. The existing
IPRs are counted here, in this migration's transaction (writes to IPRs wait for that count)."""

from django.db import migrations

from core.tallies import InstallTally, TallySpec


class Migration(migrations.Migration):
    dependencies = [
        ("ipr", "0002_list_indexes"),
        ("core", "0008_tally"),
    ]

    operations = [
        InstallTally(TallySpec(name="iprs", table="ipr_ipr", key="status", scope="owner_id")),
    ]
