"""Remind owner units of questions waiting too long, and escalate the oldest: meant for cron.

A question without an official answer (still open: not answered officially or live, not accepted,
not closed or hidden) earns, once each:

- after ``QUESTION_REMINDER_AFTER_DAYS`` (7), a reminder to the owner unit's editors (or, for a
  sub-unit without editors, to those of the nearest unit above it);
- after ``QUESTION_ESCALATION_AFTER_DAYS`` (14), an escalation to the administrators of the
  cluster head unit of the current term (the cluster administrators when it has none).

Each is recorded (``QuestionReminder``: the question, the kind, when, to whom), so running the
command again sends nothing more. A notice in the portal goes with each email; people who turned
emails of that kind off get the notice only.

    python manage.py send_question_reminders
    python manage.py send_question_reminders --dry-run
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from seminars import qa_services
from seminars.enums import ReminderKind


class Command(BaseCommand):
    help = "Send reminders and escalations of questions waiting for an official answer (once each)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be sent, send nothing."
        )

    def handle(self, *args, dry_run, **options):
        now = timezone.now()
        sent = 0
        for kind in (ReminderKind.REMINDER, ReminderKind.ESCALATION):
            for question in qa_services.questions_due(kind=kind, now=now):
                if dry_run:
                    self.stdout.write(f"would send {kind}: {question.pk} {question.title}")
                    continue
                reminder = qa_services.reminder_send(
                    question=question, kind=kind, base_url=settings.PORTAL_URL
                )
                if reminder is not None:
                    sent += 1
                    self.stdout.write(
                        f"{kind}: {question.pk} {question.title} ({reminder.recipients} recipients)"
                    )
        self.stdout.write(self.style.SUCCESS(f"{sent} reminder(s) and escalation(s) sent."))
