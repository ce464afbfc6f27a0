"""The exact totals of the model list's searches and filters (models_registry/list_counts.py):
a generation bumped by the database in the transaction of every write that can change what the
list holds or who sees it, and the totals stored under the generation they were read in.
Triggers rather than services, so that the admin, bulk writes and COPY bump it too; an UPDATE
bumps it only when a column that the list filters or searches on changes."""

from django.db import migrations

WATCHED = (
    "published_at",
    "visibility",
    "owner_unit_id",
    "kind",
    "status",
    "started_on",
    "search_vector",
)
CHANGED = "\n                        OR ".join(
    f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in WATCHED
)


class Migration(migrations.Migration):
    dependencies = [
        ("models_registry", "0007_dashboard_spread_index"),
        ("emulation_cluster", "0010_awards_message_kind"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"""
                CREATE TABLE models_registry_model_generation (
                    id smallint PRIMARY KEY CHECK (id = 1), value bigint NOT NULL
                );
                INSERT INTO models_registry_model_generation VALUES (1, 0);
                CREATE TABLE models_registry_model_count (
                    key varchar(64) PRIMARY KEY, generation bigint NOT NULL, total integer NOT NULL
                );
                CREATE FUNCTION models_registry_model_generation_bump() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE models_registry_model_generation SET value = value + 1 WHERE id = 1;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER models_registry_model_added_or_removed
                    AFTER INSERT OR DELETE OR TRUNCATE ON models_registry_exemplarymodel
                    FOR EACH STATEMENT EXECUTE FUNCTION models_registry_model_generation_bump();
                CREATE TRIGGER models_registry_model_changed
                    AFTER UPDATE ON models_registry_exemplarymodel FOR EACH ROW
                    WHEN ({CHANGED})
                    EXECUTE FUNCTION models_registry_model_generation_bump();
                CREATE TRIGGER models_registry_model_topics_changed
                    AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE
                    ON models_registry_exemplarymodel_topics
                    FOR EACH STATEMENT EXECUTE FUNCTION models_registry_model_generation_bump();
                CREATE TRIGGER models_registry_model_unit_tree_changed
                    AFTER UPDATE ON emulation_cluster_unit FOR EACH ROW
                    WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id)
                    EXECUTE FUNCTION models_registry_model_generation_bump();
            """,
            reverse_sql="""
                DROP TRIGGER models_registry_model_unit_tree_changed ON emulation_cluster_unit;
                DROP TRIGGER models_registry_model_topics_changed
                    ON models_registry_exemplarymodel_topics;
                DROP TRIGGER models_registry_model_changed ON models_registry_exemplarymodel;
                DROP TRIGGER models_registry_model_added_or_removed
                    ON models_registry_exemplarymodel;
                DROP FUNCTION models_registry_model_generation_bump();
                DROP TABLE models_registry_model_count;
                DROP TABLE models_registry_model_generation;
            """,
        ),
    ]
