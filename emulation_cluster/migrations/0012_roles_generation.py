"""The roles' generation: one number that every write to what ``reading.PortalReading`` reads
(memberships, the cluster's administrators, the unit tree, the demo flag) moves in its own
transaction, so that a reading kept for a person is known to be current (``sessions``)."""

from django.db import migrations

BUMP = "EXECUTE FUNCTION emulation_cluster_roles_generation_bump()"


class Migration(migrations.Migration):
    dependencies = [("emulation_cluster", "0011_search_kept_counts")]

    operations = [
        migrations.RunSQL(
            sql=f"""
                CREATE TABLE emulation_cluster_roles_generation (
                    id smallint PRIMARY KEY CHECK (id = 1),
                    value bigint NOT NULL
                );
                INSERT INTO emulation_cluster_roles_generation VALUES (1, 1);
                CREATE FUNCTION emulation_cluster_roles_generation_bump() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE emulation_cluster_roles_generation SET value = value + 1 WHERE id = 1;
                    RETURN NULL;
                END;
                $$;
                CREATE TRIGGER emulation_cluster_roles_membership_added_or_removed
                    AFTER INSERT OR DELETE OR TRUNCATE ON emulation_cluster_membership
                    FOR EACH STATEMENT {BUMP};
                CREATE TRIGGER emulation_cluster_roles_membership_changed
                    AFTER UPDATE ON emulation_cluster_membership FOR EACH ROW
                    WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id
                        OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
                        OR OLD.role IS DISTINCT FROM NEW.role
                        OR OLD.archived_at IS DISTINCT FROM NEW.archived_at)
                    {BUMP};
                CREATE TRIGGER emulation_cluster_roles_administrators_changed
                    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
                    ON emulation_cluster_cluster_administrators
                    FOR EACH STATEMENT {BUMP};
                CREATE TRIGGER emulation_cluster_roles_unit_added_or_removed
                    AFTER INSERT OR DELETE OR TRUNCATE ON emulation_cluster_unit
                    FOR EACH STATEMENT {BUMP};
                CREATE TRIGGER emulation_cluster_roles_unit_moved
                    AFTER UPDATE ON emulation_cluster_unit FOR EACH ROW
                    WHEN (OLD.tree_path IS DISTINCT FROM NEW.tree_path)
                    {BUMP};
                CREATE TRIGGER emulation_cluster_roles_cluster_added_or_removed
                    AFTER INSERT OR DELETE OR TRUNCATE ON emulation_cluster_cluster
                    FOR EACH STATEMENT {BUMP};
                CREATE TRIGGER emulation_cluster_roles_demo_flag_changed
                    AFTER UPDATE ON emulation_cluster_cluster FOR EACH ROW
                    WHEN (OLD.is_demo IS DISTINCT FROM NEW.is_demo)
                    {BUMP};
            """,
            reverse_sql="""
                DROP TRIGGER emulation_cluster_roles_demo_flag_changed ON emulation_cluster_cluster;
                DROP TRIGGER emulation_cluster_roles_cluster_added_or_removed
                    ON emulation_cluster_cluster;
                DROP TRIGGER emulation_cluster_roles_unit_moved ON emulation_cluster_unit;
                DROP TRIGGER emulation_cluster_roles_unit_added_or_removed ON emulation_cluster_unit;
                DROP TRIGGER emulation_cluster_roles_administrators_changed
                    ON emulation_cluster_cluster_administrators;
                DROP TRIGGER emulation_cluster_roles_membership_changed
                    ON emulation_cluster_membership;
                DROP TRIGGER emulation_cluster_roles_membership_added_or_removed
                    ON emulation_cluster_membership;
                DROP FUNCTION emulation_cluster_roles_generation_bump();
                DROP TABLE emulation_cluster_roles_generation;
            """,
        )
    ]
