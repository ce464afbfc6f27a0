import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation_cluster.settings")
application = get_wsgi_application()

from emulation_cluster.long_lived import freeze_after_requests  # noqa: E402 (Django set up)

freeze_after_requests()
