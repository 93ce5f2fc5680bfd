from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0007_saved_filter"),
    ]

    operations = [
        migrations.AddField(
            model_name="dmcanotice",
            name="language",
            field=models.CharField(blank=True, max_length=10),
        ),
    ]
