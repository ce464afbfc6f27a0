# Who may read a model, by its id from an index alone: every Q&A list joins each question to
# its model for the reader's rule (issue 15).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('models_registry', '0009_unit_model_counts'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='exemplarymodel',
            index=models.Index(fields=['id'], include=('published_at', 'visibility', 'owner_unit'), name='model_reader_idx'),
        ),
    ]
