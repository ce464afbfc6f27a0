"""What the portal's pages do the same way: a form page, a refusal, the way back, a page of rows.

Every app's views use these, so that a refused form looks and answers the same everywhere: what
was typed comes back with the reasons beside the fields, one message above, and status 400.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from emulation_cluster.submissions import made_by_request, told_repeated


def base_url(request) -> str:
    """The portal's address as the request reached it, for links in emails."""
    return request.build_absolute_uri("/").rstrip("/")


def is_bound(request) -> bool:
    return request.method == "POST"


def form_data(request, *, files=False):
    """The POST data (and files) of a bound form, else None: a GET shows the empty form."""
    if not is_bound(request):
        return (None, None) if files else None
    return (request.POST, request.FILES) if files else request.POST


def form_page(
    request,
    template,
    form,
    save,
    *,
    context=None,
    also=(),
    invalid=None,
    render_page=render,
    repeated=None,
):
    """GET: the form. POST: when ``form`` and the forms in ``also`` are valid, ``save()``
    writes and returns the response (a redirect); a ``ValidationError`` it raises lands on the
    form. Otherwise the page comes back with what was typed, ``invalid`` (or the usual message)
    and status 400. A create form passes ``repeated(made)``: sent again (Back and send, a double
    click), it answers with what the first sending made instead of checking the form again.
    """
    bound = is_bound(request)
    if bound and repeated is not None and (made := made_by_request(request)) is not None:
        told_repeated(request)
        return repeated(made)
    if bound:
        # Every form is checked, so that each shows its own errors at once.
        if all([form.is_valid(), *(other.is_valid() for other in also)]):
            try:
                return save()
            except ValidationError as error:
                form.add_error(None, error)
        messages.error(request, invalid or _("Please correct the fields marked below."))
    return render_page(
        request, template, {"form": form, **(context or {})}, status=400 if bound else 200
    )


def refuse(request, message):
    """A 403 whose page says why (the message shows above the standard text)."""
    messages.error(request, message)
    raise PermissionDenied(message)


def back(request, default):
    """Back to where the button was (``next``, on this site only), else to ``default``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def refused(request, error: ValidationError, default):
    """A button the state refused (a closed thread, a second vote): back, with the reason."""
    messages.error(request, " ".join(error.messages))
    return back(request, default)


def paginate(request, rows, per_page: int, ids_first: bool = False, count=None):
    """A page of ``rows``; ``ids_first`` for costly rows (``IdsFirstPaginator``); ``count``
    when the page already knows how many rows there are (no count query)."""
    paginator = (IdsFirstPaginator if ids_first else Paginator)(rows, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property
    return paginator.get_page(request.GET.get("page"))


class IdsFirstPaginator(Paginator):
    """Pages of costly rows (joins, a subquery a row, prefetches): the query reads in full only
    the rows whose ids the page's filtered, sorted ids subquery gives (``WHERE id IN (SELECT id
    ... LIMIT 20 OFFSET n)``), which an index serves however deep the page; one query still.

    Selecting the costly columns with the OFFSET made PostgreSQL compute them for every row it
    skipped: page 500 of the model list ran the evidence subquery 10,000 times.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        return self._get_page(rows.filter(pk__in=rows.values("pk")[bottom:top]), number, self)
