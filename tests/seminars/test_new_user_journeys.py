"""What a new organizer or invited unit met: a past start accepted, a reply form for a unit not
invited or after the deadline, the host invited to its own seminar."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from emulation_cluster.enums import Role
from seminars import services
from seminars.enums import SeminarStatus
from seminars.models import Seminar, SeminarInvitation
from tests.factories import MembershipFactory, SeminarFactory
from tests.pages import redirects, shows
from tests.seminars.conftest import seminar_form

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def test_a_start_in_the_past_is_refused_with_the_reason(world, organizer_client):
    start = timezone.localtime() - datetime.timedelta(days=2)
    response = organizer_client.post(reverse("seminar_create"), seminar_form(world, start))
    shows(response, 400, "is already past: a seminar is planned ahead.", 'value="Tọa đàm')
    assert not Seminar.objects.exists()


def test_a_past_draft_cannot_be_scheduled_nor_a_started_seminar_invited_to(world, organizer_client):
    past = timezone.now() - datetime.timedelta(days=1)
    draft = SeminarFactory(
        host_unit=world.host, status=SeminarStatus.DRAFT, starts_at=past, ends_at=past + HOUR
    )
    response = organizer_client.post(reverse("seminar_schedule", args=[draft.pk]), follow=True)
    shows(response, 200, "already past: change its date before scheduling it.")
    draft.refresh_from_db()
    assert draft.status == SeminarStatus.DRAFT
    started = SeminarFactory(host_unit=world.host, starts_at=past, ends_at=past + HOUR)
    response = organizer_client.post(
        reverse("invitation_manage", args=[started.pk]), {"units": [world.other.pk]}
    )
    shows(response, 400, "The seminar has already started: it is too late to invite units.")
    assert not started.invitations.exists()


def test_the_host_is_never_invited_to_its_own_seminar(world, seminar, organizer_client):
    url = reverse("invitation_manage", args=[seminar.pk])
    html = shows(organizer_client.get(url), 200)
    assert f'value="{world.host.pk}"' not in html
    redirects(organizer_client.post(url, {"all": "1"}), f"{seminar.get_absolute_url()}#invitations")
    assert world.host.pk not in set(seminar.invitations.values_list("unit_id", flat=True))
    services.invitations_create(seminar=seminar, units=[world.host])
    assert not SeminarInvitation.objects.filter(seminar=seminar, unit=world.host).exists()


def test_the_reply_page_offers_only_invited_units_and_says_when_replies_are_closed(world, seminar):
    client = world.client("other_organizer")  # Hải Phòng: not invited
    html = shows(
        client.get(reverse("invitation_reply", args=[seminar.pk])),
        200,
        "Your unit was not invited to this seminar",
    )
    assert '<form method="post" class="stacked narrow"' not in html
    seminar.reply_deadline = timezone.now() - HOUR
    seminar.save(update_fields=["reply_deadline"])
    html = shows(
        world.client("invited_admin").get(reverse("invitation_reply", args=[seminar.pk])),
        200,
        "Replies closed at",
    )
    assert "Send the reply" not in html


def test_the_reply_form_lists_invited_units_only(world, seminar):
    # Đà Nẵng's administrator also organizes for Hải Phòng, which is not invited.
    MembershipFactory(user=world.people["invited_admin"], unit=world.other, role=Role.ORGANIZER)
    client = world.client("invited_admin")
    html = shows(client.get(reverse("invitation_reply", args=[seminar.pk])), 200, "Send the reply")
    assert f'value="{world.invited.pk}"' in html
    assert f'value="{world.other.pk}"' not in html
