"""Send the reminder of each seminar that starts soon: meant for cron (e.g. every 15 minutes).

A reminder goes once per seminar and revision (its calendar SEQUENCE): running the command again
sends nothing more, and a change of time after a reminder earns the new time its own reminder.
It goes to the administrators and organizers of the invited units that did not decline, with the
agenda in the text and the .ics attached.

    python manage.py send_seminar_reminders            # default: SEMINAR_REMINDER_BEFORE_HOURS
    python manage.py send_seminar_reminders --hours 24 --dry-run
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from seminars import services


class Command(BaseCommand):
    help = (
        "Send reminders of seminars starting within the set time (once per seminar and revision)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=settings.SEMINAR_REMINDER_BEFORE_HOURS,
            help="Remind seminars starting within this many hours (default: %(default)s).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be sent, send nothing."
        )

    def handle(self, *args, hours, dry_run, **options):
        if hours <= 0:
            raise CommandError("--hours must be positive.")
        due = list(
            services.seminars_due_for_reminder(
                now=timezone.now(), before=datetime.timedelta(hours=hours)
            )
        )
        sent = 0
        for seminar in due:
            if dry_run:
                self.stdout.write(f"would remind: {seminar.pk} {seminar.title}")
                continue
            reminder = services.reminder_send(seminar=seminar, base_url=settings.PORTAL_URL)
            if reminder is not None:
                sent += 1
                self.stdout.write(
                    f"reminded: {seminar.pk} {seminar.title} "
                    f"(revision {reminder.sequence}, {reminder.recipients} recipients)"
                )
        self.stdout.write(self.style.SUCCESS(f"{sent} reminder(s) sent."))
