"""The exact number of questions in a list, read once per change of the questions.

Counting the 380,000 questions a member may see through the models' visibility join takes
0.1–0.7 s (bench/README.md, "The Q&A pages at scale"), too slow for every page of a list. The
total is therefore stored under the list's own count query (its SQL and parameters: the filters
and the reader's visibility class, i.e. member or not and the units they hold a role in) and
the question generation it was read in. The database bumps that generation (triggers of
migration 0007) in the transaction of every write that can change a list or who may see it: a
question added, deleted, hidden or shown, merged, moved, its state or text changed; a model
published, withdrawn, its visibility or unit changed; a unit moved in the tree.

One statement (``models_registry.list_counts``, shared with the model list) reads the
generation, the stored total if it was read in that generation, and
otherwise counts and stores it: a single snapshot, so a total is never stored under a
generation other than the one its rows belong to, and a reader never sees a stale total. The
COUNT is an InitPlan behind a one-time filter: not executed at all when a total is stored. A
key's row is overwritten by its next count; a list nobody reads again leaves one small row.
"""

from models_registry.list_counts import stored_total

QUESTION_TABLES = ("seminars_question_generation", "seminars_question_count")


def exact_total(queryset) -> int:
    """How many rows ``queryset`` has (one query; a COUNT only the first time since a change)."""
    return stored_total(queryset, QUESTION_TABLES)
