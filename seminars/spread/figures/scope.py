"""What the figures are about: a period (a term's year, or every year) and a scope (the whole
cluster, or a unit with its sub-units), with the rows each figure is broken into.

The unit tree is small (hundreds of units), so a scope reads it once and says in Python which row
each unit counts in; the figures' queries group by that mapping in SQL (``Scope.row_of``).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emulation_cluster.models import ClusterTerm, Unit


@dataclass(frozen=True)
class Period:
    """A calendar year in Hà Nội time (the cluster's terms are yearly), or every year (None)."""

    year: int | None = None

    @property
    def start(self) -> datetime | None:
        if self.year is None:
            return None
        return timezone.make_aware(datetime(self.year, 1, 1))

    @property
    def end(self) -> datetime | None:
        """The first moment after the period (exclusive)."""
        if self.year is None:
            return None
        return timezone.make_aware(datetime(self.year + 1, 1, 1))

    @property
    def label(self) -> str:
        return str(self.year) if self.year is not None else str(_("All years"))

    def within(self, field_name: str, dates: bool = False) -> Q:
        """``field_name`` falls in the period (``dates``: a DateField or a date expression)."""
        if self.year is None:
            return Q()
        if dates:
            return Q(
                **{
                    f"{field_name}__gte": date(self.year, 1, 1),
                    f"{field_name}__lt": date(self.year + 1, 1, 1),
                }
            )
        return Q(**{f"{field_name}__gte": self.start, f"{field_name}__lt": self.end})

    def until_end(self, field_name: str) -> Q:
        """``field_name`` is before the period ends (what existed by then)."""
        if self.year is None:
            return Q(**{f"{field_name}__isnull": False})
        return Q(**{f"{field_name}__lt": self.end})


def period_years(cluster) -> list[int]:
    """The years a reader may choose: the cluster's terms, newest first (one query)."""
    if cluster is None:
        return []
    return list(
        ClusterTerm.objects.filter(cluster=cluster).order_by("-year").values_list("year", flat=True)
    )


@dataclass(frozen=True)
class UnitNode:
    id: int
    parent_id: int | None
    depth: int  # 0 a city, 1 a district, 2 a ward
    root_id: int


@dataclass
class Scope:
    """The units a dashboard is about and the rows (``row_units``) its figures are broken into.

    - ``Scope.of_cluster(cluster)``: every unit of the cluster; a row per member city.
    - ``Scope.of_unit(unit)``: the unit and its sub-units; a row for the unit's own, and a row per
      direct sub-unit (with the sub-unit's own sub-units).
    - ``Scope.peers(cluster, depth)``: the cluster's units at one level of the tree (cities,
      districts or wards), each with its sub-units: what a unit is compared with.
    """

    cluster: object
    unit: Unit | None
    row_of: dict[int, int]  # unit id in scope -> the id of the row unit it counts in
    row_units: list[Unit]  # in Vietnamese order
    city_of: dict[int, int] = field(default_factory=dict)  # every unit id -> its city's id
    units_by_id: dict[int, Unit] = field(default_factory=dict)
    depth_of: dict[int, int] = field(default_factory=dict)  # 0 a city, 1 a district, 2 a ward
    tree: tuple = ((), ())  # the cluster's units as read, for another scope of the same cluster

    @property
    def unit_ids(self) -> list[int]:
        return sorted(self.row_of)

    @property
    def is_cluster(self) -> bool:
        return self.unit is None

    def contains(self, field_name: str) -> Q:
        """``field_name`` (a foreign key to a unit) is a unit of the scope."""
        return Q(**{f"{field_name}_id__in": self.unit_ids})

    def row(self, field_name: str) -> Case:
        """The row unit's id of ``field_name`` (a foreign key to a unit), as a SQL expression."""
        return _case(f"{field_name}_id", self.row_of)

    def row_or_city(self, field_name: str) -> Case:
        """Within the scope the row unit, elsewhere the city (the matrix's other side)."""
        mapping = {**self.city_of, **self.row_of}
        return _case(f"{field_name}_id", mapping)

    def unit_by_id(self, unit_id: int) -> Unit | None:
        return self.units_by_id.get(unit_id)

    @classmethod
    def of_cluster(cls, cluster) -> "Scope":
        nodes, units = _tree(cluster)
        row_of = {n.id: n.root_id for n in nodes.values()}
        return cls._made(cluster, None, row_of, nodes, units)

    @classmethod
    def of_unit(cls, unit) -> "Scope":
        nodes, units = _tree(unit.cluster or cluster_of(unit))
        row_of = {}
        for node in nodes.values():
            chain = _ancestors(node, nodes)  # the node, its parent, its grandparent
            if unit.pk in chain:
                position = chain.index(unit.pk)
                row_of[node.id] = unit.pk if position == 0 else chain[position - 1]
        return cls._made(unit.cluster or cluster_of(unit), unit, row_of, nodes, units)

    @classmethod
    def peers(cls, cluster, depth: int, tree=None) -> "Scope":
        """``tree``: a scope's ``tree`` of the same cluster, not to read it again."""
        nodes, units = tree or _tree(cluster)
        row_of = {}
        for node in nodes.values():
            if node.depth >= depth:
                chain = _ancestors(node, nodes)
                row_of[node.id] = chain[node.depth - depth]
        return cls._made(cluster, None, row_of, nodes, units)

    @classmethod
    def _made(cls, cluster, unit, row_of, nodes, units) -> "Scope":
        row_ids = set(row_of.values())
        return cls(
            cluster=cluster,
            unit=unit,
            row_of=row_of,
            row_units=[u for u in units if u.pk in row_ids],
            city_of={n.id: n.root_id for n in nodes.values()},
            units_by_id={u.pk: u for u in units},
            depth_of={n.id: n.depth for n in nodes.values()},
            tree=(nodes, units),
        )


def _case(column: str, mapping: dict[int, int]) -> Case:
    by_row: dict[int, list[int]] = {}
    for unit_id, row_id in mapping.items():
        by_row.setdefault(row_id, []).append(unit_id)
    whens = [
        When(**{f"{column}__in": sorted(ids)}, then=Value(row_id))
        for row_id, ids in sorted(by_row.items())
    ]
    if not whens:
        return Value(None, output_field=IntegerField())
    return Case(*whens, default=Value(None), output_field=IntegerField())


def _ancestors(node: UnitNode, nodes: dict[int, UnitNode]) -> list[int]:
    chain = [node.id]
    while nodes[chain[-1]].parent_id in nodes:
        chain.append(nodes[chain[-1]].parent_id)
    return chain


def cluster_of(unit):
    """The cluster of ``unit``: its own, else its parent's, else its grandparent's."""
    ancestor = unit
    while ancestor is not None and ancestor.cluster_id is None:
        ancestor = ancestor.parent
    return ancestor.cluster if ancestor is not None else None


def _tree(cluster) -> tuple[dict[int, UnitNode], list[Unit]]:
    """Every unit of ``cluster`` (cities named on it, their districts and wards), one query."""
    if cluster is None:
        return {}, []
    units = list(
        Unit.objects.filter(
            Q(cluster=cluster) | Q(parent__cluster=cluster) | Q(parent__parent__cluster=cluster)
        )
        .only("id", "name", "short_name", "slug", "kind", "parent_id", "archived_at", "cluster_id")
        .order_by("name_sort_key", "id")
    )
    parents = {u.pk: u.parent_id for u in units}
    nodes = {}
    for u in units:
        depth, root = 0, u.pk
        while parents.get(root) is not None and parents[root] in parents:
            root = parents[root]
            depth += 1
        nodes[u.pk] = UnitNode(id=u.pk, parent_id=u.parent_id, depth=depth, root_id=root)
    return nodes, units
