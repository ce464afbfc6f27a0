"""A reader's filter over the documents, turned into SQL once a process, not once a query.

The filter (``registry.visible_q``: every kind's rule ORed, about forty conditions for a
member) is the same on every search of the same readers, yet Django resolves and compiles it
again for each query that uses it: 1.2 ms to resolve and 1.4 ms to compile, three or four times
a page. ``readable(visible)`` gives an expression holding its SQL, compiled the first time that
filter is seen (the same ``Q``, by equality), written with whatever alias the documents' table
has in the query (a subquery's ``U0``). A filter whose SQL reads anything but the documents'
own columns (a subquery, another table) is not kept: it is used as given.
"""

import re
from copy import copy
from functools import lru_cache

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import BooleanField, Expression, Q

from emulation_cluster.search.models import SearchDocument

_TABLE = SearchDocument._meta.db_table
_QUALIFIED = re.compile(r'"([^"]+)"\."')
# The alias of the documents' table in the kept SQL, replaced when it is written into a query.
_ALIAS = "\x00alias\x00"


class _Readable(Expression):
    """The kept SQL of a filter, as a condition of the documents' table under ``alias``."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, template: str, params: tuple, alias: str = _TABLE):
        super().__init__()
        self.template, self.params, self.alias = template, params, alias

    def relabeled_clone(self, change_map):
        clone = copy(self)
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(self.alias)
        return self.template.replace(_ALIAS, table), list(self.params)

    def get_group_by_cols(self):
        return []


@lru_cache(maxsize=1024)
def _compiled(visible: Q) -> _Readable | None:
    query = SearchDocument.objects.filter(visible).query
    try:
        sql, params = query.get_compiler(connection=connection).compile(query.where)
    except (EmptyResultSet, FullResultSet):  # nothing, or everything: Django says it best
        return None
    if "SELECT" in sql.upper() or set(_QUALIFIED.findall(sql)) - {_TABLE}:
        return None
    return _Readable("(" + sql.replace(f'"{_TABLE}".', f"{_ALIAS}.") + ")", tuple(params))


def readable(visible: Q):
    """``visible`` as a filter argument: its kept SQL when it can be kept, else itself."""
    try:
        kept = _compiled(visible)
    except TypeError:  # a value that cannot be hashed: not kept
        kept = None
    return visible if kept is None else kept
