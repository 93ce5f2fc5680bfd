"""Seller, Listing and CatalogueImport moved to the `catalogue` app, keeping their tables:
state-only changes (the foreign keys already point at the same tables)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0001_initial'),
        ('complaints', '0003_item_decisions'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='complaintitem',
                    name='catalogue_listing',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='complaint_items', to='catalogue.listing'),
                ),
                migrations.AlterField(
                    model_name='complaintitem',
                    name='seller',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='complaint_items', to='catalogue.seller'),
                ),
                migrations.DeleteModel(name='CatalogueImport'),
                migrations.DeleteModel(name='Listing'),
                migrations.DeleteModel(name='Seller'),
            ],
            database_operations=[],
        ),
    ]
