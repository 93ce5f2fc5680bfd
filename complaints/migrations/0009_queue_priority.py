"""The reviewers' complaint queue puts good-faith notifiers first (complaints.standing): a
`priority` set when a complaint is submitted, and the partial index complaint_review_queue
rebuilt on (priority, submitted_at, id) so the queue's order stays index-served. Existing
complaints are standard. The index is swapped with DROP / CREATE INDEX CONCURRENTLY on
PostgreSQL, so filing and reviewing go on meanwhile."""

from django.db import migrations, models

from core.schema_operations import AddIndexConcurrently, RemoveIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("complaints", "0008_dmca_notice_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="priority",
            field=models.PositiveSmallIntegerField(
                choices=[(0, "Good-faith notifier: queued first"), (1, "Standard")], default=1
            ),
        ),
        RemoveIndexConcurrently(model_name="complaint", name="complaint_review_queue"),
        AddIndexConcurrently(
            model_name="complaint",
            index=models.Index(
                condition=models.Q(("status__in", ["submitted", "in_review"])),
                fields=["priority", "submitted_at", "id"],
                name="complaint_review_queue",
            ),
        ),
    ]
