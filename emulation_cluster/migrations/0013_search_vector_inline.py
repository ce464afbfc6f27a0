"""A search document keeps in its row what a search reads of every row it tests or counts.

A walk along the order index (a common search's page, a deep page) tests every row it passes
against the search; counting a search (its first reader) reads the topics of every match; the
ranking of a window or of a rare search's matches reads their titles. A model's vector (about
2.6 kB) was stored out of line, and its row being still over the 2 kB the toaster aims at,
every other column long enough went too, its topics' array included: each of those reads
fetched the value back from TOAST, about five buffers (page 200 of the commonest word at full
size: 4,213 rows tested, 21,314 buffers, 24-26 ms).

``STORAGE MAIN`` for the vector, the topics and the title keeps them in the heap row, the texts
read for the page's twenty rows only (summary, body, context, address) going out of line first.
Measured at 10 % of the bench after a rewrite: page 200 20-31 → 5-7 ms, four words 4-6 → 1-2 ms,
a count of the commonest word 115-130 → 80-90 ms; heap 122 → 151 MB, with TOAST and indexes
221 → 229 MB.

Only rows written from now on are stored so: the documents already there keep their layout
until rewritten, by ``VACUUM FULL emulation_cluster_searchdocument`` (the table locked for about
a minute at full size: at a quiet hour) or ``manage.py search_reindex``.
"""

from django.db import migrations

TABLE = "emulation_cluster_searchdocument"
COLUMNS = ("search_vector", "topic_ids", "title")


def _storage(storage: str) -> str:
    changes = ", ".join(f"ALTER COLUMN {column} SET STORAGE {storage}" for column in COLUMNS)
    return f"ALTER TABLE {TABLE} {changes}"


class Migration(migrations.Migration):
    dependencies = [("emulation_cluster", "0012_roles_generation")]

    operations = [migrations.RunSQL(sql=_storage("MAIN"), reverse_sql=_storage("EXTENDED"))]
