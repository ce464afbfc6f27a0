"""The version of the pages kept for signed-in people, in one row that the session's read
brings along (``session_store``): a member's kept page then costs no statement of its own to
know whether it is current (``page_cache.store``). A random token, never a counter, so a
page kept in a shared cache under an older database's version cannot match."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("emulation_cluster", "0013_search_vector_inline")]

    operations = [
        migrations.RunSQL(
            sql="""
                CREATE TABLE emulation_cluster_page_version (
                    id smallint PRIMARY KEY CHECK (id = 1),
                    members text NOT NULL
                );
                INSERT INTO emulation_cluster_page_version
                    VALUES (1, md5(random()::text || clock_timestamp()::text));
            """,
            reverse_sql="DROP TABLE emulation_cluster_page_version;",
        )
    ]
