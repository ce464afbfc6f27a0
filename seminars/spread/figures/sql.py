"""The SQL the figures need beyond Django's aggregates."""

from django.db.models import Aggregate, F, FloatField, Func


class Percentile(Aggregate):
    """PostgreSQL's ``percentile_cont(fraction)``: interpolated, NULLs left out."""

    function = "PERCENTILE_CONT"
    name = "Percentile"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must be within 0 and 1")
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def hours_between(start: str, end: str) -> Func:
    """``end - start`` in hours (a float; NULL when either is NULL)."""
    return Func(
        F(end) - F(start),
        template="EXTRACT(EPOCH FROM %(expressions)s) / 3600.0",
        output_field=FloatField(),
    )
