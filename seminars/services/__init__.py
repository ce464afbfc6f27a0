"""Writes to seminars, by concern: small domain functions that views and commands call.

Each refuses bad input with a ``ValidationError`` whose message the page shows beside the form,
so that nothing the user typed is lost.
"""

from seminars.services.agenda import agenda_item_delete, agenda_item_move, agenda_item_save
from seminars.services.invitations import attendance_save, invitation_reply, invitations_create
from seminars.services.outcome import material_create, material_delete, outcome_save
from seminars.services.scheduling import (
    STEP_REFUSED,
    feed_key_for,
    feed_key_reset,
    overlapping_seminars,
    seminar_cancel,
    seminar_close,
    seminar_mark_held,
    seminar_save,
    seminar_schedule,
    seminar_transition,
)

__all__ = [
    "STEP_REFUSED",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_save",
    "attendance_save",
    "feed_key_for",
    "feed_key_reset",
    "invitation_reply",
    "invitations_create",
    "material_create",
    "material_delete",
    "outcome_save",
    "overlapping_seminars",
    "seminar_cancel",
    "seminar_close",
    "seminar_mark_held",
    "seminar_save",
    "seminar_schedule",
    "seminar_transition",
]
