"""Run the background worker (email of the outbox, reminders), kept alive across database
restarts (``emulation_cluster.background``).

    python manage.py worker
    python manage.py worker --concurrency 4 --queues mail
"""

from django.core.management.base import BaseCommand

from emulation_cluster import background


class Command(BaseCommand):
    help = "Run the background worker (outbox, reminders); it survives a database restart."

    def add_arguments(self, parser):
        parser.add_argument("--queues", default="", help="Comma-separated queues (default: all).")
        parser.add_argument("--concurrency", type=int, default=1, help="Jobs at once.")
        parser.add_argument(
            "--poll",
            type=float,
            default=1.0,
            help="Seconds between looks for due jobs (retries are found this way).",
        )
        parser.add_argument(
            "--delete-jobs",
            choices=["never", "successful", "always"],
            default="successful",
            help="Which finished jobs to delete (the outbox keeps the record of each email).",
        )
        parser.add_argument("--name", default=None, help="The worker's name in its logs.")

    def handle(self, *args, queues, concurrency, poll, delete_jobs, name, **options):
        background.main(
            queues=[queue for queue in queues.split(",") if queue] or None,
            concurrency=concurrency,
            fetch_job_polling_interval=poll,
            delete_jobs=delete_jobs,
            name=name,
        )
