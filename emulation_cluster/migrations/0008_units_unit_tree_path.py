"""``Unit.tree_path``: the ids from the city down to the unit, kept by the database.

A BEFORE trigger sets the path of a row inserted or given another parent from its parent's path;
an AFTER trigger passes a changed path on to the sub-units (whose own update passes it on to
theirs). Any writer keeps it right: the administration's services, the admin, ``bulk_create``
and COPY (a parent inserted before its sub-units, as a tree is).
"""

import django.contrib.postgres.fields
from django.db import migrations, models

TRIGGERS = """
CREATE FUNCTION emulation_cluster_unit_set_tree_path() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.parent_id IS NULL THEN
        NEW.tree_path := ARRAY[NEW.id];
    ELSE
        NEW.tree_path := (
            SELECT parent.tree_path FROM emulation_cluster_unit parent
            WHERE parent.id = NEW.parent_id
        ) || NEW.id;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER unit_tree_path_set
BEFORE INSERT OR UPDATE OF parent_id ON emulation_cluster_unit
FOR EACH ROW EXECUTE FUNCTION emulation_cluster_unit_set_tree_path();

CREATE FUNCTION emulation_cluster_unit_pass_tree_path_down() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE emulation_cluster_unit SET tree_path = NEW.tree_path || id WHERE parent_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER unit_tree_path_down
AFTER UPDATE ON emulation_cluster_unit
FOR EACH ROW WHEN (OLD.tree_path IS DISTINCT FROM NEW.tree_path)
EXECUTE FUNCTION emulation_cluster_unit_pass_tree_path_down();

WITH RECURSIVE paths(id, tree_path) AS (
    SELECT id, ARRAY[id] FROM emulation_cluster_unit WHERE parent_id IS NULL
    UNION ALL
    SELECT unit.id, paths.tree_path || unit.id
    FROM emulation_cluster_unit unit JOIN paths ON unit.parent_id = paths.id
)
UPDATE emulation_cluster_unit unit SET tree_path = paths.tree_path
FROM paths WHERE paths.id = unit.id;
"""

DROP_TRIGGERS = """
DROP TRIGGER unit_tree_path_down ON emulation_cluster_unit;
DROP FUNCTION emulation_cluster_unit_pass_tree_path_down();
DROP TRIGGER unit_tree_path_set ON emulation_cluster_unit;
DROP FUNCTION emulation_cluster_unit_set_tree_path();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("emulation_cluster", "0007_unit_archived_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="tree_path",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.BigIntegerField(), default=list, editable=False, size=None
            ),
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
    ]
