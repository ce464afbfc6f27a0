"""What the portal reads of the person behind a request, in one query, once a request.

Every rule (``permissions``), the menus and the base layout's demo banner need the same few
facts: whether the person administers the cluster, their active memberships with their roles,
the units below those (a role reaches the sub-units), and whether demo data is loaded. Read
separately they were five queries a page, and some were read twice; read here they are one,
kept on the request's user object (``permissions.reading``).
"""

from dataclasses import dataclass, field

from django.db import connection

from emulation_cluster.models import Cluster, Membership, Unit

# One row of flags, then one row per active membership with the ids of its unit's tree
# (``Unit.tree_path``: the unit and every unit below it).
_CLUSTER = Cluster._meta.db_table
_ADMINISTRATORS = Cluster.administrators.through._meta.db_table
_UNIT = Unit._meta.db_table
_MEMBERSHIP = Membership._meta.db_table
_SQL = f"""
SELECT NULL::bigint, NULL::varchar, NULL::bigint[],
       EXISTS (SELECT 1 FROM {_CLUSTER} WHERE is_demo),
       EXISTS (SELECT 1 FROM {_ADMINISTRATORS} WHERE user_id = %(user)s)
UNION ALL
SELECT membership.unit_id, membership.role,
       ARRAY(SELECT unit.id FROM {_UNIT} unit WHERE unit.tree_path @> ARRAY[membership.unit_id]),
       NULL, NULL
FROM {_MEMBERSHIP} membership
WHERE membership.user_id = %(user)s AND membership.archived_at IS NULL
"""


@dataclass(frozen=True)
class PortalReading:
    demo_data_present: bool = False
    is_cluster_admin: bool = False
    # The unit of each active membership → (role, ids of that unit and all its sub-units).
    trees: dict = field(default_factory=dict)

    @classmethod
    def read(cls, user) -> "PortalReading":
        user_id = user.pk if user.is_authenticated else None
        with connection.cursor() as cursor:
            cursor.execute(_SQL, {"user": user_id})
            rows = cursor.fetchall()
        # The flags' row is the one without a unit (UNION ALL promises no order).
        (_, _, _, demo, admin) = next(row for row in rows if row[0] is None)
        return cls(
            demo_data_present=demo,
            is_cluster_admin=user.is_authenticated and (user.is_superuser or admin),
            trees={
                unit_id: (role, frozenset(tree))
                for unit_id, role, tree, _, _ in rows
                if unit_id is not None
            },
        )

    def unit_ids_with(self, roles) -> frozenset[int]:
        """Units where the person holds one of ``roles``, with all their sub-units."""
        return frozenset().union(*(tree for role, tree in self.trees.values() if role in roles))


# Readings of this process, by (roles' generation, person, superuser): a memo checked against
# the generation that the session's own query reads (``session_store``), never state of its
# own; a new generation leaves the older entries unused, and the whole memo is dropped when it
# grows past the cap.
_KEPT: dict = {}
KEPT_MAX = 10_000


def kept_reading(user, generation: int) -> PortalReading:
    """``user``'s reading as of roles' ``generation``: the reading's query only for the first
    request of a person in this process since any write to roles, units or the demo flag."""
    key = (generation, user.pk, user.is_superuser)
    found = _KEPT.get(key)
    if found is None:
        if len(_KEPT) >= KEPT_MAX:
            _KEPT.clear()
        # Read after the generation, so never older than it: kept under it, it stays right.
        found = _KEPT[key] = PortalReading.read(user)
    return found
