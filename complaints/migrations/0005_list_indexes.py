"""Indexes that keep the lists flat at any size: Manage Complaints by status, the reviewers'
queue (partial: open complaints only), a listing id searched alone, and a seller's URLs. Built
with CREATE INDEX CONCURRENTLY on PostgreSQL, so filing goes on meanwhile (a plain CREATE INDEX
elsewhere); the listing index replaces (platform, listing_id), which it also serves."""

from django.db import migrations, models

from core.schema_operations import AddIndexConcurrently, RemoveIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("complaints", "0004_catalogue_moved_out")]

    operations = [
        AddIndexConcurrently(
            model_name="complaint",
            index=models.Index(
                fields=["complainant", "status", "-created_at", "-id"],
                name="complaint_owner_status",
            ),
        ),
        AddIndexConcurrently(
            model_name="complaint",
            index=models.Index(
                condition=models.Q(("status__in", ["submitted", "in_review"])),
                fields=["submitted_at", "id"],
                name="complaint_review_queue",
            ),
        ),
        AddIndexConcurrently(
            model_name="complaintitem",
            index=models.Index(fields=["listing_id", "platform"], name="item_listing"),
        ),
        RemoveIndexConcurrently(model_name="complaintitem", name="item_listing_lookup"),
        AddIndexConcurrently(
            model_name="complaintitem",
            index=models.Index(
                condition=models.Q(
                    ("decided_at__isnull", False),
                    ("status__in", ["accepted", "upheld", "restored", "withdrawn"]),
                ),
                fields=["seller", "-decided_at", "-id"],
                name="item_seller_visible",
            ),
        ),
    ]
