"""Every write to a seminar lands in the audit log, under the seminar's history."""

from datetime import timedelta

import pytest

from emulation_cluster.audit import history_of
from emulation_cluster.enums import AuditAction
from seminars import services
from seminars.models import AgendaItem
from tests.factories import DraftSeminarFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_seminar_writes_are_audited_with_who_and_what():
    organizer = UserFactory()
    seminar = DraftSeminarFactory()
    seminar.title = "Tên mới của hội nghị"
    seminar.venue = "Hội trường B"
    services.seminar_save(seminar=seminar, author=organizer)
    item = AgendaItem(
        seminar=seminar,
        starts_at=seminar.starts_at + timedelta(minutes=30),
        kind="discussion",
        title="Thảo luận",
    )
    services.agenda_item_save(item=item, actor=organizer)
    services.agenda_item_delete(item=item, actor=organizer)
    services.seminar_schedule(seminar=seminar, actor=organizer)
    services.invitations_create(seminar=seminar, units=[UnitFactory()], actor=organizer)

    entries = list(history_of(seminar).order_by("id"))
    assert [(entry.target_type.model, entry.action) for entry in entries] == [
        ("seminar", AuditAction.CHANGE),
        ("agendaitem", AuditAction.CREATE),
        ("agendaitem", AuditAction.DELETE),
        ("seminar", AuditAction.CHANGE),
        ("seminarinvitation", AuditAction.CREATE),
    ]
    assert all(entry.actor == organizer for entry in entries)
    assert entries[0].changes["venue"][1] == "Hội trường B"
    assert entries[2].changes["title"] == ["Thảo luận", None]  # what was removed stays known
    assert entries[3].changes == {"status": ["draft", "scheduled"]}
