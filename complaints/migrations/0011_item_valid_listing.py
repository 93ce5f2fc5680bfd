"""Validation looks for each listing of a complaint already valid in another open complaint of the
same owner: a partial index of the valid URLs by catalogue listing serves it with one probe per
listing (complaints.services._already_complained). Built with CREATE INDEX CONCURRENTLY on
PostgreSQL, so filing goes on meanwhile."""

from django.db import migrations, models

from core.schema_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("catalogue", "0001_initial"),
        ("complaints", "0010_item_decided_on_appeal"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="complaintitem",
            index=models.Index(
                condition=models.Q(("status", "valid")),
                fields=["catalogue_listing"],
                name="item_valid_listing",
            ),
        ),
    ]
