# Where a searched model list's deep pages begin, kept beside its stored total for the same
# generation (models_registry.list_counts.StoredCount.starts): issue 15's deep pages.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("models_registry", "0010_model_reader_index"),
    ]

    operations = [
        migrations.RunSQL(
            sql="ALTER TABLE models_registry_model_count"
            " ADD COLUMN starts jsonb NOT NULL DEFAULT '{}'",
            reverse_sql="ALTER TABLE models_registry_model_count DROP COLUMN starts",
        ),
    ]
