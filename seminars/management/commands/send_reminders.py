"""Send every reminder that is due: seminars starting soon, questions waiting for an answer.

Each goes once (see ``seminars.reminders``): running the command again sends nothing more, and a
change of a seminar's time after its reminder earns the new time its own reminder.

    python manage.py send_reminders            # seminars: SEMINAR_REMINDER_BEFORE_HOURS ahead
    python manage.py send_reminders --hours 24 --dry-run
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from seminars.reminders import reminders_send


class Command(BaseCommand):
    help = "Send the reminders that are due (seminars starting soon, questions waiting), once each."

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
        sent = reminders_send(
            now=timezone.now(),
            base_url=settings.PORTAL_URL,
            seminar_hours=hours,
            dry_run=dry_run,
        )
        for line in sent:
            self.stdout.write(line)
        if not dry_run:
            self.stdout.write(self.style.SUCCESS(f"{len(sent)} reminder(s) sent."))
