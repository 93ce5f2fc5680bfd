"""Seller moved from `complaints` to `catalogue` with its table: re-point the foreign key in
Django's state only, before complaints drops Seller from its state."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0001_initial'),
        ('reviews', '0001_initial'),
    ]
    run_before = [
        ('complaints', '0004_catalogue_moved_out'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='penaltyentry',
                    name='seller',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='penalty_entries', to='catalogue.seller'),
                ),
            ],
            database_operations=[],
        ),
    ]
