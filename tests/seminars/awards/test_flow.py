"""A nomination's life through its pages: nominated, returned with a reason, sent again,
accepted; each step audited, the people told, the decision on the model's page."""

from django.urls import reverse

from emulation_cluster.models import AuditEntry
from emulation_cluster.outbox.models import MessageKind, OutgoingMessage
from seminars.awards.enums import NominationState
from seminars.awards.models import Nomination
from seminars.notices.models import Notice
from tests.seminars.awards.conftest import YEAR


def _form(client, year=YEAR):
    return client.get(reverse("nomination_create", args=[year]))


def _token(response) -> str:
    return response.context["form"].initial["token"]


def test_nomination_returned_resubmitted_and_accepted(world):
    admin, reviewer = world.client("unit_admin"), world.client("head_admin")
    form = _form(admin)
    assert form.status_code == 200
    html = form.content.decode()
    assert world.model.title in html
    assert world.draft.title not in html and world.restricted.title not in html
    assert world.other_model.title not in html

    sent = admin.post(
        reverse("nomination_create", args=[YEAR]),
        {"token": _token(form), "exemplary_model": world.model.pk, "statement": "Giảm tội phạm."},
    )
    nomination = Nomination.objects.get()
    assert sent.status_code == 302 and sent.url == nomination.get_absolute_url()
    assert (nomination.state, nomination.nominating_unit, nomination.year) == (
        NominationState.SUBMITTED,
        world.ha_noi,
        YEAR,
    )
    told = set(Notice.objects.values_list("user__email", flat=True))
    assert told == {"head_admin@police.test", "cluster_admin@police.test"}
    assert OutgoingMessage.objects.filter(kind=MessageKind.AWARD).count() == 2

    page = reviewer.get(nomination.get_absolute_url()).content.decode()
    assert "Record the decision" in page and "Giảm tội phạm." in page

    refused = reviewer.post(
        reverse("nomination_review", args=[nomination.pk]), {"action": "return"}
    )
    assert refused.status_code == 400
    assert "Say why: the unit reads it with the decision." in refused.content.decode()
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED

    returned = reviewer.post(
        reverse("nomination_review", args=[nomination.pk]),
        {"action": "return", "reason": "Bổ sung số liệu kết quả."},
    )
    assert returned.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.state, nomination.reason) == ("returned", "Bổ sung số liệu kết quả.")
    assert Notice.objects.filter(user=world.people["unit_admin"], message="award_returned").exists()
    page = admin.get(nomination.get_absolute_url()).content.decode()
    assert "Returned because" in page and "Bổ sung số liệu kết quả." in page

    edit = reverse("nomination_edit", args=[nomination.pk])
    assert admin.post(edit, {"statement": "  "}).status_code == 400
    assert admin.post(edit, {"statement": "Giảm tội phạm, có số liệu."}).status_code == 302
    nomination.refresh_from_db()
    assert (nomination.state, nomination.reason) == ("submitted", "")
    assert Notice.objects.filter(message="award_resubmitted").count() == 2

    accepted = reviewer.post(
        reverse("nomination_review", args=[nomination.pk]), {"action": "accept"}
    )
    assert accepted.status_code == 302
    nomination.refresh_from_db()
    assert nomination.state == NominationState.ACCEPTED
    assert nomination.reviewed_by == world.people["head_admin"]
    assert Notice.objects.filter(message="award_accepted").exists()

    actions = list(
        AuditEntry.objects.filter(target_id=nomination.pk, target_type__model="nomination")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "change", "change", "accept"]
    model_page = world.client("member").get(world.model.get_absolute_url()).content.decode()
    assert f"Nominated for {YEAR} by Công an thành phố Hà Nội" in model_page
    assert "Accepted" in model_page
    # Decided: no more review, no more change.
    again = reviewer.post(
        reverse("nomination_review", args=[nomination.pk]),
        {"action": "decline", "reason": "x"},
        follow=True,
    )
    assert "This nomination is already decided (Accepted)" in again.content.decode()
    nomination.refresh_from_db()
    assert nomination.state == NominationState.ACCEPTED
    assert admin.get(edit).status_code == 403


def test_a_declined_nomination_says_why(world):
    from tests.seminars.awards.conftest import nominate

    nomination = nominate(world)
    cluster_admin = world.client("cluster_admin")
    url = reverse("nomination_review", args=[nomination.pk])
    assert cluster_admin.post(url, {"action": "decline", "reason": ""}).status_code == 400
    assert (
        cluster_admin.post(url, {"action": "decline", "reason": "Chưa nhân rộng."}).status_code
        == 302
    )
    nomination.refresh_from_db()
    assert (nomination.state, nomination.reason) == ("declined", "Chưa nhân rộng.")
    page = world.client("unit_admin").get(nomination.get_absolute_url()).content.decode()
    assert "Declined because" in page and "Chưa nhân rộng." in page


def test_the_same_form_sent_twice_makes_one_nomination(world):
    admin = world.client("unit_admin")
    data = {
        "token": _token(_form(admin)),
        "exemplary_model": world.model.pk,
        "statement": "Vì sao.",
    }
    first = admin.post(reverse("nomination_create", args=[YEAR]), data)
    second = admin.post(reverse("nomination_create", args=[YEAR]), data)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert Nomination.objects.count() == 1


def test_the_cluster_audit_page_links_each_step_to_the_nomination(world):
    from tests.seminars.awards.conftest import nominate

    nomination = nominate(world)
    html = world.client("cluster_admin").get(reverse("audit_log")).content.decode()
    assert f'href="{nomination.get_absolute_url()}"' in html


def test_the_reviewers_email_names_the_model_and_links_the_nomination(world, mailoutbox):
    from tests.seminars.awards.conftest import nominate

    nomination = nominate(world)
    to_reviewers = {message.to[0]: message for message in mailoutbox}
    assert set(to_reviewers) == {"head_admin@police.test", "cluster_admin@police.test"}
    message = to_reviewers["head_admin@police.test"]
    assert world.model.title in message.subject and f"({YEAR})" in message.subject
    assert nomination.get_absolute_url() in message.body
    assert "Công an thành phố Hà Nội" in message.body
