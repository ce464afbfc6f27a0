"""Finding what an award page is about, with the reader's right to it checked on the way.

Award pages are for signed-in members of the cluster: a person of no unit gets a 403 with the
reason; a year without a term, or a nomination the reader may not see, is a 404.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from emulation_cluster.pages import refuse
from seminars.awards import permissions, selectors


def require_member(request):
    if not permissions.can_view_awards(request.user):
        refuse(request, _("Award nominations are for the members of the cluster."))


def term_of_year(request, year: int):
    """The year's term (the first cluster's, in name order); 404 for a year without one."""
    require_member(request)
    term = selectors.terms_of_year(year).order_by("cluster__name_sort_key").first()
    if term is None:
        raise Http404(_("The cluster has no term for this year."))
    return term


def nomination_for(request, pk, rule=None, refusal=None):
    """The nomination at ``pk`` with its evidence if the reader may see it (else 404), and if
    ``rule`` allows (else 403 with ``refusal``)."""
    require_member(request)
    nomination = selectors.nomination_detail(request.user, pk)
    if nomination is None:
        raise Http404(_("No such nomination."))
    if rule is not None and not rule(request.user, nomination):
        refuse(request, refusal or _("Your role does not allow this for this nomination."))
    return nomination
