from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeminarsConfig(AppConfig):
    name = "seminars"
    verbose_name = _("Seminars and Q&A")

    def ready(self):
        from seminars.audit_links import register_links
        from seminars.kept_pages import register_kept_pages
        from seminars.qa import counters
        from seminars.search.documents import register_search

        register_links()
        counters.connect()
        register_search()
        register_kept_pages()
