"""The notifications list, newest first: an index it reads in order, built without blocking
writes on PostgreSQL (core.schema_operations)."""

from django.db import migrations, models

from core.schema_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("core", "0008_tally")]

    operations = [
        AddIndexConcurrently(
            model_name="notification",
            index=models.Index(fields=["user", "-created_at", "-id"], name="notification_recent"),
        ),
    ]
