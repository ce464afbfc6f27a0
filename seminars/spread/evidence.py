"""The evidence map as the page shows it: the bubbles the chart module draws, the table of every
placed model, and what the map says in a sentence."""

from django.utils.translation import gettext as _

from models_registry.enums import EvidenceLevel
from seminars.spread.cells import Cell, Chart, count, number_cell, percent

LEVELS = list(EvidenceLevel.values)  # the vertical axis, lowest first


def _direction(bubble) -> str:
    return _("%(rising)s up, %(falling)s down") % {
        "rising": count(bubble.rising),
        "falling": count(bubble.falling),
    }


def evidence_chart(found) -> Chart:
    bubbles = found.bubbles  # the most replicated, at most MAP_LIMIT (figures/evidence_map.py)
    urls = {b.model.pk: b.model.get_absolute_url() for b in bubbles}  # the chart's and table's
    if bubbles:
        widest = max(bubbles, key=lambda b: b.effect)
        summary = _(
            "%(placed)s of %(models)s models have figures to place; the largest change is "
            "that of “%(title)s” (%(effect)s); %(spread)s are replicated by another unit."
        ) % {
            "placed": count(found.placed),
            "models": count(found.models),
            "title": widest.model.title,
            "effect": percent(widest.effect),
            "spread": count(found.replicated),
        }
    elif found.models:
        summary = _("None of these %(models)s models has figures with a baseline yet.") % {
            "models": count(found.models)
        }
    else:
        summary = _("No published model matches these filters.")
    return Chart(
        key="evidence-map",
        title=_("Evidence map"),
        summary=summary,
        figures={
            "kind": "bubbles",
            "levels": [str(EvidenceLevel(level).label) for level in LEVELS],
            "xName": _("Size of the change in its figures"),
            "yName": _("Evidence level"),
            "points": [
                {
                    "effect": round(b.effect * 100, 1),
                    "level": LEVELS.index(b.level),
                    "spread": b.spread,
                    "title": b.model.title,
                    "url": urls[b.model.pk],
                }
                for b in bubbles
            ],
        }
        if bubbles
        else None,
        headers=[
            _("Model"),
            _("Owner unit"),
            _("Size of the change"),
            _("Figures"),
            _("Evidence level"),
            _("Units replicating it"),
        ],
        rows=[
            [
                Cell(b.model.title, url=urls[b.model.pk]),
                Cell(b.model.owner_unit.name, url=b.model.owner_unit.get_absolute_url()),
                Cell(percent(b.effect), number=True),
                Cell(_direction(b)),
                Cell(str(EvidenceLevel(b.level).label)),
                number_cell(b.spread),
            ]
            for b in bubbles
        ],
    )
