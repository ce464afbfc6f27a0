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
        ("seminars", "0007_units_unit_question_figures"),
        ("emulation_cluster", "0007_unit_archived_at"),
        ("models_registry", "0004_topic_english_name"),
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
        # The exact totals of the Q&A lists (seminars/qa/list_counts.py): a generation number
        # bumped by the database itself in the transaction of every write that can change what
        # a list holds or who sees it, and the counts stored under the generation they were
        # read in. Triggers rather than services, so that the admin, bulk writes and COPY bump
        # it too; an UPDATE bumps it only when a column that a list filters on changes (not
        # for a vote or an answer counter).
        migrations.RunSQL(
            sql="""
                CREATE TABLE seminars_question_generation (
                    id smallint PRIMARY KEY CHECK (id = 1), value bigint NOT NULL
                );
                INSERT INTO seminars_question_generation VALUES (1, 0);
                CREATE TABLE seminars_question_count (
                    key varchar(64) PRIMARY KEY, generation bigint NOT NULL, total integer NOT NULL
                );
                CREATE FUNCTION seminars_question_generation_bump() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE seminars_question_generation SET value = value + 1 WHERE id = 1;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER seminars_question_added_or_removed
                    AFTER INSERT OR DELETE OR TRUNCATE ON seminars_question
                    FOR EACH STATEMENT EXECUTE FUNCTION seminars_question_generation_bump();
                CREATE TRIGGER seminars_question_moved
                    AFTER UPDATE ON seminars_question FOR EACH ROW
                    WHEN (OLD.hidden_at IS DISTINCT FROM NEW.hidden_at
                        OR OLD.state IS DISTINCT FROM NEW.state
                        OR OLD.exemplary_model_id IS DISTINCT FROM NEW.exemplary_model_id
                        OR OLD.owner_unit_id IS DISTINCT FROM NEW.owner_unit_id
                        OR OLD.asking_unit_id IS DISTINCT FROM NEW.asking_unit_id
                        OR OLD.seminar_id IS DISTINCT FROM NEW.seminar_id
                        OR OLD.merged_into_id IS DISTINCT FROM NEW.merged_into_id
                        OR OLD.author_id IS DISTINCT FROM NEW.author_id
                        OR OLD.search_vector IS DISTINCT FROM NEW.search_vector)
                    EXECUTE FUNCTION seminars_question_generation_bump();
                CREATE TRIGGER seminars_question_model_readers_changed
                    AFTER UPDATE ON models_registry_exemplarymodel FOR EACH ROW
                    WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at
                        OR OLD.visibility IS DISTINCT FROM NEW.visibility
                        OR OLD.owner_unit_id IS DISTINCT FROM NEW.owner_unit_id)
                    EXECUTE FUNCTION seminars_question_generation_bump();
                CREATE TRIGGER seminars_question_unit_tree_changed
                    AFTER UPDATE ON emulation_cluster_unit FOR EACH ROW
                    WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id)
                    EXECUTE FUNCTION seminars_question_generation_bump();
            """,
            reverse_sql="""
                DROP TRIGGER seminars_question_unit_tree_changed ON emulation_cluster_unit;
                DROP TRIGGER seminars_question_model_readers_changed
                    ON models_registry_exemplarymodel;
                DROP TRIGGER seminars_question_moved ON seminars_question;
                DROP TRIGGER seminars_question_added_or_removed ON seminars_question;
                DROP FUNCTION seminars_question_generation_bump();
                DROP TABLE seminars_question_count;
                DROP TABLE seminars_question_generation;
            """,
        ),
    ]
