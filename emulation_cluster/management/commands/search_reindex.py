"""Build every search document again from the apps' rows (after loading data without the
hooks, or to rebuild the index after a change of how documents are made)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from emulation_cluster.search import index, registry


class Command(BaseCommand):
    help = "Rebuild the search documents of every kind (models, seminars, questions, files...)."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help="only these kinds (e.g. model answer)")

    def handle(self, *args, kinds=(), **options):
        for kind in registry.kinds():
            if kinds and kind.name not in kinds:
                continue
            with transaction.atomic():
                written = index.rebuild(kind.name)
            self.stdout.write(f"{kind.name}: {written}")
