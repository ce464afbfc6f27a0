"""Addresses that fail on purpose, for the tests of the error pages (with the portal's handlers)."""

from django.db import OperationalError
from django.urls import path

from emulation_cluster.urls import handler500, urlpatterns  # noqa: F401 - the same handlers


def database_away(request):
    raise OperationalError("connection failed: FATAL:  the database system is shutting down")


def broken(request):
    raise ValueError("a bug")


urlpatterns = [
    path("co-so-du-lieu-vang/", database_away),
    path("loi/", broken),
    *urlpatterns,
]
