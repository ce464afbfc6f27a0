"""A serving process freezes what outlives its first requests (``emulation_cluster.long_lived``)."""

import gc

import pytest

from emulation_cluster import long_lived


@pytest.fixture
def thawed(monkeypatch):
    monkeypatch.setattr(long_lived, "_served", 0)
    gc.unfreeze()
    yield
    gc.unfreeze()
    long_lived.request_finished.disconnect(dispatch_uid="emulation_cluster.long_lived")


@pytest.mark.django_db
def test_the_first_request_freezes_what_survived_it_and_garbage_is_still_collected(client, thawed):
    long_lived.freeze_after_requests()
    assert gc.get_freeze_count() == 0
    client.get("/")
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # Django, the URL patterns, the templates...

    class Cycle:
        pass

    cycle = Cycle()
    cycle.itself = cycle
    del cycle
    assert gc.collect() >= 1  # made after the freeze: still collected
    client.get("/")
    assert gc.get_freeze_count() <= frozen  # the second request is not one that freezes


def test_the_wsgi_application_is_a_process_that_freezes():
    from django.core.signals import request_finished

    import emulation_cluster.wsgi  # noqa: F401

    assert any(key[0] == "emulation_cluster.long_lived" for key, *_ in request_finished.receivers)
    request_finished.disconnect(dispatch_uid="emulation_cluster.long_lived")
