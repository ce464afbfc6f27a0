"""A person's account deleted: the seminar pages that named them still render, with "(account
removed)" where their name was (``{{ user|person }}``; every relation to a person is SET_NULL).
The Q&A pages: tests/seminars/qa/test_deleted_people.py."""

import pytest
from django.urls import reverse

from emulation_cluster.enums import Role
from seminars import services
from seminars.enums import Reply
from tests.factories import MembershipFactory, UserFactory
from tests.pages import shows

pytestmark = pytest.mark.django_db

REMOVED = "(account removed)"


def _gone(user):
    user.delete()


# --- the seminar ------------------------------------------------------------------------------


def _reply_by_someone_gone(seminar, world):
    replier = UserFactory(email="traloi@police.test", first_name="Replier")
    MembershipFactory(user=replier, unit=world.invited, role=Role.ADMIN)
    services.invitation_reply(
        invitation=seminar.invitations.get(),
        reply=Reply.ATTENDING,
        delegation_size=2,
        delegation_names="",
        user=replier,
    )
    _gone(replier)


def test_seminar_page_names_a_deleted_replier_as_removed(seminar, world):
    _reply_by_someone_gone(seminar, world)
    html = shows(world.client("host_organizer").get(seminar.get_absolute_url()), 200, REMOVED)
    assert "traloi@police.test" not in html


def test_reply_form_names_a_deleted_replier_as_removed(seminar, world):
    _reply_by_someone_gone(seminar, world)
    url = reverse("invitation_reply", args=[seminar.pk])
    shows(world.client("invited_admin").get(url), 200, f"Last reply by {REMOVED} at")


def test_seminar_page_renders_when_its_chair_account_is_deleted(seminar, world):
    chair = UserFactory(email="chair@police.test", first_name="Chair")
    seminar.chair_name = ""
    seminar.chair_user = chair
    seminar.save()
    _gone(chair)
    seminar.refresh_from_db()
    assert seminar.chair_user is None
    shows(world.client("member").get(seminar.get_absolute_url()), 200, f"<h1>{seminar.title}</h1>")


def test_person_filter_names_people_and_removed_accounts(db):
    from emulation_cluster.templatetags.portal import person

    assert person(None) == REMOVED
    assert person(UserFactory(email="a@police.test", first_name="An", last_name="Lê")) == "An Lê"
    assert (
        person(UserFactory(email="b@police.test", first_name="", last_name="")) == "b@police.test"
    )
