"""The portal's URL conf plus a bare Django view, for the benchmarks only.

Reached only through ``bench/scale_settings.py`` (``ROOT_URLCONF``); production never loads it.
The bare view goes through the same middleware as every page and renders nothing: the ceiling
the pages are compared with (issue 15: requests per second as a fraction of it).
"""

from django.http import HttpResponse
from django.urls import path

from bench.common import BARE_URL
from emulation_cluster.urls import urlpatterns as portal_urlpatterns


def bare_view(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(BARE_URL.strip("/") + "/", bare_view, name="bench_bare"), *portal_urlpatterns]

# The portal's error pages, as in its own URL conf.
handler400 = "emulation_cluster.views.bad_request"
handler403 = "emulation_cluster.views.permission_denied"
handler404 = "emulation_cluster.views.page_not_found"
handler500 = "emulation_cluster.views.server_error"
