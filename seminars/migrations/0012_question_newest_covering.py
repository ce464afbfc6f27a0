# The Q&A list's newest order carries what its filters and the reader's rule test (issue 15:
# a deep page walked 5,267 rows of the table itself). Dropped and built again in one
# transaction: writes to questions wait for the build (about a second at 400,000 questions).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('seminars', '0011_awards_nominations'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='question',
            name='question_newest_idx',
        ),
        migrations.AddIndex(
            model_name='question',
            index=models.Index(fields=['-created_at', '-id'], include=('exemplary_model', 'hidden_at', 'state'), name='question_newest_idx'),
        ),
    ]
