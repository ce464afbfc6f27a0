# Where a searched Q&A list's deep pages begin, kept beside its stored total for the same
# generation (models_registry.list_counts.StoredCount.starts): issue 15's deep pages.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("seminars", "0012_question_newest_covering"),
    ]

    operations = [
        migrations.RunSQL(
            sql="ALTER TABLE seminars_question_count ADD COLUMN starts jsonb NOT NULL DEFAULT '{}'",
            reverse_sql="ALTER TABLE seminars_question_count DROP COLUMN starts",
        ),
    ]
