"""A search document's vector is kept in its row, not in the TOAST table.

A walk along the order index (a common search's page, a deep page) tests every row it passes
against the search. A model's vector (about 2.6 kB) was stored out of line: each test read it
back from TOAST, five buffers a row, ~5 µs (page 200 of the commonest word at full size:
4,213 rows, 21 ms). ``STORAGE MAIN`` keeps it in the heap row, the original texts (read for
the twenty rows of a page only) going out of line first: a buffer a row (measured at 10 % of the
bench: page 200 24-31 → 6-7 ms, four words 4-6 → 1-2 ms, a full count of the commonest word
115-130 → 84-90 ms; heap 122 → 150 MB, table and indexes 221 → 230 MB).

Only rows written from now on are stored so; the documents already there keep their layout
until rewritten: ``VACUUM FULL emulation_cluster_searchdocument`` (a lock on the table for
minutes at full size: at a quiet hour) or ``manage.py search_reindex``.
"""

from django.db import migrations

TABLE = "emulation_cluster_searchdocument"


class Migration(migrations.Migration):
    dependencies = [("emulation_cluster", "0012_roles_generation")]

    operations = [
        migrations.RunSQL(
            sql=f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE MAIN",
            reverse_sql=f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE EXTENDED",
        ),
    ]
