"""A unit's figures beside the median of its peers (the cluster's units of its level)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from seminars.spread.cells import count, hours, percent

LABELS = {
    "models": (_("Published models"), count),
    "models_new": (_("Models published in the period"), count),
    "replications_of_its_models": (_("Replications of its models by other units"), count),
    "replications_adopted": (_("Models of others it took up"), count),
    "results_share": (_("Share of those with results"), percent),
    "questions_received": (_("Questions received"), count),
    "answered_share": (_("Share answered officially"), percent),
    "answer_median_hours": (_("Median time to a first official answer"), hours),
    "questions_asked": (_("Questions asked"), count),
    "seminars_held": (_("Seminars hosted"), count),
    "attendance_rate": (_("Attendance rate at seminars"), percent),
    "lessons": (_("Lessons recorded"), count),
}


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    value: str
    median: str
    verdict: str  # "above", "below" or "" (equal or unknown)


def comparison_rows(comparisons) -> list[ComparisonRow]:
    rows = []
    for comparison in comparisons:
        label, shown = LABELS[comparison.name]
        better = comparison.above_median
        rows.append(
            ComparisonRow(
                label=str(label),
                value=shown(comparison.value) if comparison.value is not None else "–",
                median=shown(comparison.median) if comparison.median is not None else "–",
                verdict="" if better is None else ("above" if better else "below"),
            )
        )
    return rows
