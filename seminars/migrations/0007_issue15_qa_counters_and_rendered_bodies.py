"""Issue 15: a question's number of shown answers stored on it, the bodies' HTML stored at save,
and the indexes of the Q&A lists' orders.

``answer_count`` is backfilled here in one SQL statement. ``body_html`` is left empty: the pages
render an empty one on the fly, and ``manage.py render_post_bodies`` fills them in batches (about
0.6 ms a post: a migration would hold a large database for minutes).
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("emulation_cluster", "0007_unit_archived_at"),
        ("models_registry", "0004_topic_english_name"),
        ("seminars", "0006_follow_a_topic"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="question",
            name="question_inbox_idx",
        ),
        migrations.RemoveIndex(
            model_name="question",
            name="question_asked_idx",
        ),
        migrations.RemoveIndex(
            model_name="question",
            name="question_model_idx",
        ),
        migrations.RemoveIndex(
            model_name="question",
            name="question_newest_idx",
        ),
        migrations.AddField(
            model_name="answer",
            name="body_html",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="comment",
            name="body_html",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="question",
            name="answer_count",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="answers"),
        ),
        migrations.AddField(
            model_name="question",
            name="body_html",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddIndex(
            model_name="question",
            index=models.Index(
                fields=["owner_unit", "state", "created_at", "id"], name="question_inbox_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="question",
            index=models.Index(fields=["state", "created_at", "id"], name="question_state_age_idx"),
        ),
        migrations.AddIndex(
            model_name="question",
            index=models.Index(
                fields=["asking_unit", "-created_at", "-id"], name="question_asked_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="question",
            index=models.Index(
                fields=["exemplary_model", "-created_at", "-id"], name="question_model_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="question",
            index=models.Index(fields=["-created_at", "-id"], name="question_newest_idx"),
        ),
        migrations.RunSQL(
            sql="""
                UPDATE seminars_question AS question SET answer_count = counted.shown
                FROM (
                    SELECT question_id, count(*) AS shown FROM seminars_answer
                    WHERE hidden_at IS NULL GROUP BY question_id
                ) AS counted
                WHERE counted.question_id = question.id
            """,
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
