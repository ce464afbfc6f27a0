"""What the seminars' kept pages do on every request, served from the cache too
(``emulation_cluster.page_cache``): opening a question or a seminar marks the reader's notices
about it read, so the bell stops counting them, as the views do when they render."""

from django.urls import reverse

from emulation_cluster.page_cache.middleware import on_hit
from seminars.notices.services import notices_opened


def _question_opened(request, pk):
    notices_opened(user=request.user, question=pk)


def _seminar_opened(request, pk):
    notices_opened(user=request.user, url=reverse("seminar_detail", kwargs={"pk": pk}))


def register_kept_pages():
    on_hit("question_detail", _question_opened)
    on_hit("seminar_detail", _seminar_opened)
