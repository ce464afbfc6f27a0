"""Read the text of uploads that have none yet (or of all of them), for search.

    python manage.py extract_attachment_text            # the files still waiting (--missing)
    python manage.py extract_attachment_text --all      # every file again (a better reader)

Uploads are read by the worker as they arrive (``models_registry.text_extraction``); this
command reads, in this process and one at a time, the files uploaded before that existed, or
whose job was lost. It can run while the portal serves: each file is saved on its own.
"""

from django.core.management.base import BaseCommand

from models_registry import text_extraction


class Command(BaseCommand):
    help = "Read the text of attachments, seminar materials and question attachments."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--missing",
            action="store_true",
            help="Only the files whose text is still waiting to be read (the default).",
        )
        which.add_argument("--all", action="store_true", help="Every file, read again.")

    def handle(self, *args, missing, all, **options):
        def report(stored, reading):
            line = f"{stored._meta.label_lower} {stored.pk}: {reading.state}"
            if reading.reason:
                line += f" ({reading.reason})"
            self.stdout.write(line)

        counts = text_extraction.texts_backfill(everything=all, report=report)
        total = sum(counts.values())
        summary = ", ".join(f"{state} {count}" for state, count in counts.items() if count)
        self.stdout.write(
            self.style.SUCCESS(f"{total} files read" + (f": {summary}" if total else "."))
        )
