"""The annual knowledge-sharing report: the list of years, the print page, the .docx, the .xlsx."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from emulation_cluster import exports
from emulation_cluster.documents import docx_response
from emulation_cluster.pages import base_url
from seminars.spread import permissions
from seminars.spread.report import selectors
from seminars.spread.report.content import annual_report
from seminars.spread.report.docx import report_docx
from seminars.spread.report.workbook import report_tables
from seminars.spread.selectors import reader_cluster


class _NoReport(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _allowed(request):
    """The reader's cluster (as the dashboard's), once the reader may have its reports."""
    if not permissions.can_view_annual_report(request.user):
        raise PermissionDenied(_("The annual report is for the members of the cluster."))
    return reader_cluster(request.user)


def _report(request, year_text):
    """The report of the year in the address as this reader may read it, or ``_NoReport``."""
    cluster = _allowed(request)
    year = selectors.parse_year(year_text)
    if year is None:
        raise _NoReport(
            _("“%(year)s” is not a year the cluster can have a term for (%(first)s–%(last)s).")
            % {"year": year_text, "first": selectors.FIRST_YEAR, "last": selectors.LAST_YEAR}
        )
    term = selectors.report_term(cluster, year)
    if term is None:
        raise _NoReport(_("The cluster has no term recorded for %(year)s.") % {"year": year})
    return annual_report(request.user, term)


def _missing(request, reason):
    terms = selectors.report_terms(reader_cluster(request.user))
    context = {"reason": reason, "terms": terms}
    return render(request, "seminars/spread/report_missing.html", context, status=404)


@login_required
def report_index(request):
    context = {"terms": selectors.report_terms(_allowed(request))}
    return render(request, "seminars/spread/report_index.html", context)


def _report_view(view):
    """A view of one year's report: the reader allowed, the year read, else a clear 404."""

    @login_required
    @wraps(view)
    def of_year(request, year):
        try:
            report = _report(request, year)
        except _NoReport as missing:
            return _missing(request, missing.message)
        return view(request, report)

    return of_year


@_report_view
def report_page(request, report):
    return render(request, "seminars/spread/report.html", {"report": report})


@_report_view
def report_download_docx(request, report):
    return docx_response(report_docx(report), exports.filename(report.stem, "docx"))


@_report_view
def report_download_xlsx(request, report):
    return exports.export_response("xlsx", report_tables(report, base_url(request)), report.stem)
