"""IPR Management at any size: the owner's IPRs newest first, whole and per status, read from an
index in keyset order (the view pages by (created_at, id)). The per-status index replaces
(owner, status), which it also serves. Built with CREATE INDEX CONCURRENTLY on PostgreSQL, so
submissions go on meanwhile (a plain CREATE INDEX elsewhere)."""

from django.db import migrations, models

from core.schema_operations import AddIndexConcurrently, RemoveIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("ipr", "0001_initial")]

    operations = [
        AddIndexConcurrently(
            model_name="ipr",
            index=models.Index(fields=["owner", "-created_at", "-id"], name="ipr_owner_newest"),
        ),
        AddIndexConcurrently(
            model_name="ipr",
            index=models.Index(
                fields=["owner", "status", "-created_at", "-id"], name="ipr_owner_status_newest"
            ),
        ),
        RemoveIndexConcurrently(model_name="ipr", name="ipr_ipr_owner_i_9a9fb4_idx"),
    ]
