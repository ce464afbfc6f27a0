"""Django's database sessions, whose one read also brings the roles' generation and the
version of the pages kept for signed-in people.

A signed-in request reads its session anyway; the same statement reads the number that every
write to memberships, the cluster's administrators, the unit tree and the demo flag moves (the
triggers of migration ``emulation_cluster`` 0012). ``reading.kept_reading`` then gives the
person's reading without its query while that number stands. The version tells whether a
page kept for members is current (``page_cache.store``). The sessions' table and data are
Django's own: switching to this engine signs nobody out.
"""

import logging

from django.contrib.sessions.backends import db
from django.core.exceptions import SuspiciousOperation
from django.db.models.expressions import RawSQL
from django.utils import timezone

from emulation_cluster.page_cache.store import MEMBERS_VERSION_SQL

_GENERATION = RawSQL("SELECT value FROM emulation_cluster_roles_generation WHERE id = 1", ())
_MEMBERS_VERSION = RawSQL(MEMBERS_VERSION_SQL, ())


class SessionStore(db.SessionStore):
    # Read with the session; None until then, and for a session not found.
    roles_generation = None
    members_page_version = None

    def _get_session_from_db(self):
        try:
            session = self.model.objects.annotate(
                roles_generation=_GENERATION, members_page_version=_MEMBERS_VERSION
            ).get(session_key=self.session_key, expire_date__gt=timezone.now())
        except (self.model.DoesNotExist, SuspiciousOperation) as error:
            if isinstance(error, SuspiciousOperation):
                logger = logging.getLogger(f"django.security.{error.__class__.__name__}")
                logger.warning(str(error))
            self._session_key = None
            return None
        self.roles_generation = session.roles_generation
        self.members_page_version = session.members_page_version
        return session
