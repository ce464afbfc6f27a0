"""Seminars: the agenda, the invited units and their replies, materials, and what was learned.

The notices (``seminars.notices``) and the Q&A threads (``seminars.qa``) keep their models in
their own packages, like the award nominations (``seminars.awards``); they are imported here so
that Django registers them in this app.
"""

from seminars.awards.models import *  # noqa: F403
from seminars.models.outcome import Lesson, Solution
from seminars.models.participation import CalendarFeedKey, SeminarInvitation, SeminarReminder
from seminars.models.programme import AgendaItem, SeminarMaterial, material_path
from seminars.models.seminar import Seminar
from seminars.notices.models import *  # noqa: F403
from seminars.qa.models import *  # noqa: F403

__all__ = [
    "AgendaItem",
    "CalendarFeedKey",
    "Lesson",
    "Seminar",
    "SeminarInvitation",
    "SeminarMaterial",
    "SeminarReminder",
    "Solution",
    "material_path",
]
