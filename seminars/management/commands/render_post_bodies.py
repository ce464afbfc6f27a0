"""Fill the stored HTML of questions, answers and comments written without it (in bulk, or
before the column existed): ``manage.py render_post_bodies``. Safe to run again and to stop:
it renders only the posts whose ``body_html`` is still empty, a batch per transaction."""

from django.core.management.base import BaseCommand
from django.db import transaction

from emulation_cluster.markdown import render_markdown
from seminars.qa.models import Answer, Comment, Question


class Command(BaseCommand):
    help = "Render and store the HTML of the Q&A posts whose stored HTML is empty."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000, help="posts per transaction")

    def handle(self, *args, batch, **options):
        for model in (Question, Answer, Comment):
            rendered, last_pk = 0, 0
            while True:
                with transaction.atomic():
                    posts = list(
                        model.objects.filter(body_html="", pk__gt=last_pk)
                        .order_by("pk")
                        .only("pk", "body")[:batch]
                    )
                    if not posts:
                        break
                    for post in posts:
                        post.body_html = render_markdown(post.body)
                    model.objects.bulk_update(posts, ["body_html"])
                last_pk, rendered = posts[-1].pk, rendered + len(posts)
            self.stdout.write(f"{model._meta.verbose_name_plural}: {rendered} rendered")
