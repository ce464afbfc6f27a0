"""The yearly terms of the cluster: who heads it, who is deputy, which units are members."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from emulation_cluster import audit
from emulation_cluster.enums import AuditAction
from emulation_cluster.models import ClusterTerm

# The range the table's check constraint allows (``cluster_term_year_range``).
FIRST_YEAR, LAST_YEAR = 2000, 2100
AUDITED_FIELDS = ["cluster", "year", "head_unit", "deputy_unit", "member_units"]


def _year_taken(cluster, year) -> ValidationError:
    return ValidationError(
        {
            "year": _("%(cluster)s already has a term for %(year)s: edit that one instead.")
            % {"cluster": cluster.short_name, "year": year}
        }
    )


def term_problems(*, term, cluster, year, head_unit, deputy_unit, member_units) -> dict:
    """{field: reason} for a term that cannot be saved as given (empty: it can)."""
    problems = {}
    if not FIRST_YEAR <= year <= LAST_YEAR:
        problems["year"] = _("Enter a year between %(first)s and %(last)s.") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    members = {unit.pk for unit in member_units}
    if head_unit.pk not in members:
        problems["head_unit"] = _("The cluster head must be one of the member units.")
    if deputy_unit is not None:
        if deputy_unit.pk == head_unit.pk:
            problems["deputy_unit"] = _("The deputy cannot be the head unit too.")
        elif deputy_unit.pk not in members:
            problems["deputy_unit"] = _("The deputy must be one of the member units.")
    others = ClusterTerm.objects.filter(cluster=cluster, year=year)
    if term is not None:
        others = others.exclude(pk=term.pk)
    if "year" not in problems and others.exists():
        problems.update(_year_taken(cluster, year).message_dict)
    return problems


@transaction.atomic
def term_save(
    *, term=None, cluster, year, head_unit, deputy_unit=None, member_units, actor
) -> ClusterTerm:
    """Create (``term`` None) or change a term; refused with the reasons by field."""
    fields = {
        "cluster": cluster,
        "year": year,
        "head_unit": head_unit,
        "deputy_unit": deputy_unit,
    }
    problems = term_problems(term=term, member_units=member_units, **fields)
    if problems:
        raise ValidationError(problems)
    creating = term is None
    if creating:
        term, before = ClusterTerm(), {}
    else:
        term = ClusterTerm.objects.select_for_update().get(pk=term.pk)
        before = audit.snapshot(term, AUDITED_FIELDS)
    for name, value in fields.items():
        setattr(term, name, value)
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError as error:
        # Two administrators saving the same year at once: the second is told, as above.
        raise _year_taken(cluster, year) from error
    term.member_units.set(member_units)
    changes = audit.diff(before, audit.snapshot(term, AUDITED_FIELDS))
    if changes or creating:
        action = AuditAction.CREATE if creating else AuditAction.CHANGE
        audit.record(actor=actor, action=action, target=term, changes=changes)
    return term
