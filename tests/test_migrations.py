"""The migrations keep every row: the demo data goes back to the previous heads and forward again.

``seminars.0003`` moved a question's attachment from five columns of ``seminars_question`` onto
its own table, with a copy both ways. This test runs that move backwards and forwards on the demo
data plus one attached PDF and counts the rows of every table of the three apps on the way.

It commits (``transaction=True``): schema changes after data writes cannot share one transaction
on PostgreSQL. Whatever happens, the database is migrated forward to the latest migrations before
the test ends, so the tests after it find the schema they expect.
"""

import os

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from seminars.qa.models import Question, QuestionAttachment

APPS = ("emulation_cluster", "models_registry", "seminars")
# The heads before the attachment moved onto its own table. Only seminars goes back: the other
# apps stay where they are (emulation_cluster 0003 and models_registry 0003 then, or a later
# migration of theirs that does not need seminars 0003).
OLD_HEADS = {
    "emulation_cluster": "0003_audit_delete_action",
    "models_registry": "0003_listing_indexes",
    "seminars": "0002_questions_and_answers",
}
BACK_TO = [("seminars", OLD_HEADS["seminars"])]
MOVED_TABLE = "seminars_questionattachment"
PDF = b"%PDF-1.4\n"


def migrate(targets):
    executor = MigrationExecutor(connection)  # a fresh one reads what is applied now
    executor.migrate(targets)


def latest_heads():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def applied() -> set[tuple[str, str]]:
    recorded = MigrationExecutor(connection).loader.applied_migrations
    return {key for key in recorded if key[0] in APPS}


def app_tables() -> list[str]:
    return sorted(
        name
        for name in connection.introspection.table_names()
        if name.startswith(tuple(f"{app}_" for app in APPS))
    )


def row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in app_tables():
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def load_demo():
    for command in ("load_demo", "load_demo_seminar", "load_demo_questions"):
        call_command(command, stdout=open(os.devnull, "w"))  # noqa: SIM115 - discard output


@pytest.mark.django_db(transaction=True)
def test_going_back_to_the_previous_heads_and_forward_again_keeps_every_row():
    load_demo()
    question = Question.objects.order_by("pk").first()
    assert question is not None and question.author_id is not None
    # As the service stores it: title from the file name, uploaded by the asker. The old schema
    # has no time of its own for the upload: it is the question's (as the forward copy writes).
    attached = QuestionAttachment(
        question=question,
        title="ke-hoach-tuan-tra.pdf",
        original_name="ke-hoach-tuan-tra.pdf",
        kind="document",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by_id=question.author_id,
    )
    attached.file.save("ke-hoach-tuan-tra.pdf", ContentFile(PDF), save=True)
    QuestionAttachment.objects.filter(pk=attached.pk).update(created_at=question.created_at)
    attached.refresh_from_db()
    before = row_counts()
    applied_before = applied()
    for app, name in OLD_HEADS.items():
        assert (app, name) in applied_before
    assert before[MOVED_TABLE] == 1
    assert before["seminars_question"] >= 1
    assert sum(before.values()) > 50, "the demo data should fill the tables"

    try:
        migrate(BACK_TO)

        unapplied = applied_before - applied()
        assert ("seminars", "0003_question_attachments_as_stored_files") in unapplied
        # The lower apps never depend on seminars: none of their migrations went back.
        assert {app for app, _name in unapplied} == {"seminars"}
        assert MOVED_TABLE not in connection.introspection.table_names()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attachment, attachment_name, attachment_kind, attachment_type,"
                " attachment_size FROM seminars_question WHERE id = %s",
                [question.pk],
            )
            assert cursor.fetchone() == (
                attached.file.name,
                "ke-hoach-tuan-tra.pdf",
                "document",
                "application/pdf",
                len(PDF),
            )
            cursor.execute(
                "SELECT count(*) FROM seminars_question WHERE attachment <> '' AND id <> %s",
                [question.pk],
            )
            assert cursor.fetchone() == (0,), "only the one question carries an attachment"
        at_old_heads = row_counts()
        # The tables of later migrations (the moved one, and those made after it) are gone.
        assert MOVED_TABLE not in at_old_heads
        assert at_old_heads == {
            table: count for table, count in before.items() if table in at_old_heads
        }
    finally:
        migrate(latest_heads())

    assert applied() == applied_before
    assert row_counts() == before
    back = QuestionAttachment.objects.get(question=question)
    assert (
        back.title,
        back.original_name,
        back.size,
        back.kind,
        back.content_type,
        back.file.name,
        back.created_at,
        back.uploaded_by_id,
    ) == (
        attached.title,
        attached.original_name,
        attached.size,
        attached.kind,
        attached.content_type,
        attached.file.name,
        attached.created_at,
        attached.uploaded_by_id,
    )
    with back.file.open("rb") as stored:
        assert stored.read() == PDF
