from django.contrib.auth.models import AnonymousUser

from emulation_cluster.permissions import reading


def portal(request):
    """What the base layout needs on every page: the demo-data banner (from the request's one
    reading, ``permissions.reading``)."""
    user = getattr(request, "user", None) or AnonymousUser()
    return {"demo_data_present": reading(user).demo_data_present}
