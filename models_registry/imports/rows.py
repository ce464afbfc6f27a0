"""Checking each row of an imported workbook before any model is made from it.

Each row comes back with the fields ``services.model_save`` takes, or with every reason it is
refused, so that the report names them all at once. Units and topics are found by slug, short
name or name, compared folded ("cong an tp ha noi" finds "Công an TP Hà Nội").
"""

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.utils import translation
from django.utils.translation import gettext as _

from emulation_cluster.enums import Visibility
from emulation_cluster.models import Unit
from emulation_cluster.permissions import editor_units
from emulation_cluster.vietnamese import fold
from models_registry.imports.excel import COLUMNS, SheetRow
from models_registry.models import ExemplaryModel, Topic

TOPIC_SEPARATORS = re.compile(r"[;\n]+")
VISIBILITY_ALIASES = {
    Visibility.PUBLIC: ("cong khai", "moi nguoi"),
    Visibility.MEMBERS: ("thanh vien", "thanh vien cum", "noi bo cum"),
    Visibility.RESTRICTED: ("han che", "noi bo", "don vi"),
}


@dataclass
class RowCheck:
    number: int
    title: str
    fields: dict = dataclass_field(default_factory=dict)
    problems: list[str] = dataclass_field(default_factory=list)
    made: object = None  # the model, once imported

    @property
    def ok(self) -> bool:
        return not self.problems


def _key(text) -> str:
    return " ".join(fold(str(text or "")).split())


def _index(rows, *attributes) -> dict:
    found = {}
    for row in rows:
        for attribute in attributes:
            found.setdefault(_key(getattr(row, attribute)), row)
    return found


def _visibility_names() -> dict:
    names = {}
    for value, label in Visibility.choices:
        names[_key(value)] = value
        for language in ("vi", "en"):
            with translation.override(language):
                text = str(label)
            names[_key(text)] = value
            names[_key(text.split(":")[0])] = value
    for value, aliases in VISIBILITY_ALIASES.items():
        names.update({alias: value for alias in aliases})
    return names


class RowChecker:
    """The rules of one import, read from the database once for all its rows."""

    def __init__(self, user, sheet_rows: list[SheetRow]):
        self.units = _index(Unit.objects.all(), "slug", "short_name", "name")
        self.writable = set(editor_units(user).values_list("pk", flat=True))
        self.topics = _index(Topic.objects.all(), "slug", "name", "name_en")
        self.visibilities = _visibility_names()
        titles = {fold(row.values.get("title", "")) for row in sheet_rows} - {""}
        self.existing = set(
            ExemplaryModel.objects.filter(search_title__in=titles).values_list(
                "search_title", flat=True
            )
        )
        self.seen: dict[str, int] = {}

    def check(self, row: SheetRow) -> RowCheck:
        values = row.values
        result = RowCheck(number=row.number, title=values.get("title", ""))
        fields = {"title": result.title}
        problems = result.problems
        self._title(result)
        fields["owner_unit"] = self._unit(values.get("owner_unit", ""), problems)
        fields["topics"] = self._topics(values.get("topics", ""), problems)
        fields["visibility"] = self._visibility(values.get("visibility", ""), problems)
        for column in COLUMNS:
            if column.key in ("title", "owner_unit", "topics", "visibility"):
                continue
            text = values.get(column.key, "")
            if column.required and not text:
                problems.append(_("“%(column)s” is empty.") % {"column": column.label})
            self._length(column.key, text, column.label, problems)
            fields[column.key] = text
        result.fields = fields
        return result

    def _title(self, result):
        title, problems = result.title, result.problems
        if not title:
            problems.append(_("The title is empty."))
            return
        self._length("title", title, COLUMNS[0].label, problems)
        folded = fold(title)
        if folded in self.seen:
            problems.append(
                _("The same title as row %(row)s of the file.") % {"row": self.seen[folded]}
            )
        else:
            self.seen[folded] = result.number
        if folded in self.existing:
            problems.append(_("A model with this title already exists in the portal."))

    def _length(self, name, text, label, problems):
        limit = ExemplaryModel._meta.get_field(name).max_length
        if limit and len(text) > limit:
            problems.append(
                _("“%(column)s” is %(length)s characters long; the limit is %(limit)s.")
                % {"column": label, "length": len(text), "limit": limit}
            )

    def _unit(self, text, problems):
        if not text:
            problems.append(_("The owner unit is empty."))
            return None
        unit = self.units.get(_key(text))
        if unit is None:
            problems.append(_("No unit is called “%(unit)s”.") % {"unit": text})
        elif unit.pk not in self.writable:
            problems.append(_("You may not write models for %(unit)s.") % {"unit": unit})
            return None
        return unit

    def _topics(self, text, problems):
        topics = []
        for name in filter(None, (part.strip() for part in TOPIC_SEPARATORS.split(text))):
            found = self._topics_in(name)
            if found is None:
                problems.append(_("No topic is called “%(topic)s”.") % {"topic": name})
            topics.extend(topic for topic in found or () if topic not in topics)
        return topics

    def _topics_in(self, name):
        """One topic, or several separated by commas ("Phòng, chống ma túy" is one name)."""
        if (topic := self.topics.get(_key(name))) is not None:
            return [topic]
        parts = [self.topics.get(_key(part)) for part in name.split(",") if part.strip()]
        return parts if len(parts) > 1 and None not in parts else None

    def _visibility(self, text, problems):
        if not text:
            return Visibility.MEMBERS
        value = self.visibilities.get(_key(text))
        if value is None:
            choices = ", ".join(str(label) for _value, label in Visibility.choices)
            problems.append(
                _("“%(value)s” is not a choice of who may read it (%(choices)s).")
                % {"value": text, "choices": choices}
            )
        return value or Visibility.MEMBERS


def check_rows(user, sheet_rows: list[SheetRow]) -> list[RowCheck]:
    checker = RowChecker(user, sheet_rows)
    return [checker.check(row) for row in sheet_rows]
