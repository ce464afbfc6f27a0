"""The one search page of the portal, behind the header's search box."""

from django.shortcuts import render

from seminars.search.page import search_page


def site_search(request):
    """Every kind of content the reader may see, ranked, with facets (anyone may search: each
    kind's rule decides what they find)."""
    return render(request, "seminars/search.html", search_page(request.user, request.GET))
