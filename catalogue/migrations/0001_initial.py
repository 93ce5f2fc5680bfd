"""The catalogue models moved here from `complaints`. Their tables already exist (created by
complaints 0001 under these names), so this migration changes Django's state only; the content
types are renamed so that existing permissions (import_catalogue) keep working."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("seller", "listing", "catalogueimport")


def rename_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="complaints", model__in=MOVED).update(
        app_label="catalogue"
    )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="catalogue", model__in=MOVED).update(
        app_label="complaints"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # The tables were created by complaints' migrations before the models moved here.
        ('complaints', '0003_item_decisions'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CatalogueImport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.CharField(max_length=200)),
                        ('sellers_created', models.PositiveIntegerField(default=0)),
                        ('sellers_updated', models.PositiveIntegerField(default=0)),
                        ('listings_created', models.PositiveIntegerField(default=0)),
                        ('listings_updated', models.PositiveIntegerField(default=0)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'complaints_catalogueimport',
                        'verbose_name': 'catalogue import',
                    },
                ),
                migrations.CreateModel(
                    name='Seller',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('platform', models.CharField(choices=[('taobao', 'Taobao'), ('tmall', 'Tmall'), ('tmall_hk', 'Tmall HK'), ('1688', '1688'), ('alibaba', 'Alibaba.com'), ('aliexpress', 'AliExpress'), ('lazada', 'Lazada')], max_length=20, verbose_name='platform')),
                        ('store_id', models.CharField(max_length=64, verbose_name='store id')),
                        ('store_name', models.CharField(max_length=200, verbose_name='store name')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('account', models.ForeignKey(blank=True, limit_choices_to={'role': 'seller'}, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='marketplace_stores', to=settings.AUTH_USER_MODEL, verbose_name='seller account')),
                    ],
                    options={
                        'db_table': 'complaints_seller',
                        'verbose_name': 'marketplace seller',
                    },
                ),
                migrations.CreateModel(
                    name='Listing',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('platform', models.CharField(choices=[('taobao', 'Taobao'), ('tmall', 'Tmall'), ('tmall_hk', 'Tmall HK'), ('1688', '1688'), ('alibaba', 'Alibaba.com'), ('aliexpress', 'AliExpress'), ('lazada', 'Lazada')], max_length=20, verbose_name='platform')),
                        ('listing_id', models.CharField(max_length=32, verbose_name='listing id')),
                        ('title', models.CharField(max_length=300, verbose_name='title')),
                        ('category', models.CharField(blank=True, max_length=100, verbose_name='category')),
                        ('status', models.CharField(choices=[('live', 'Live'), ('taken_down', 'Taken down'), ('restored', 'Restored')], default='live', max_length=20, verbose_name='status')),
                        ('url', models.URLField(max_length=2048, verbose_name='URL')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('seller', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='listings', to='catalogue.seller', verbose_name='seller')),
                    ],
                    options={
                        'db_table': 'complaints_listing',
                        'verbose_name': 'marketplace listing',
                        'permissions': [('import_catalogue', 'Can import the marketplace catalogue')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='seller',
                    constraint=models.UniqueConstraint(fields=('platform', 'store_id'), name='complaints_seller_platform_store_uniq'),
                ),
                migrations.AddIndex(
                    model_name='listing',
                    index=models.Index(fields=['seller', 'status'], name='complaints_listing_seller_st'),
                ),
                migrations.AddIndex(
                    model_name='listing',
                    index=models.Index(fields=['platform', 'status'], name='complaints_listing_platf_st'),
                ),
                migrations.AddConstraint(
                    model_name='listing',
                    constraint=models.UniqueConstraint(fields=('platform', 'listing_id'), name='complaints_listing_platform_id_uniq'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
