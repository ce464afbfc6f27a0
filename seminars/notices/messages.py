"""What a notice says, written when it is read, in the reader's language.

A notice stores the key of its sentence and the sentence's arguments (titles, unit names, times as
ISO text); ``Message.text()`` puts them together in the active language. The email, sent at once
to someone whose language is not known, is written from the same message in the portal's language.
"""

from dataclasses import dataclass, field

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from emulation_cluster.dates import time_span

SENTENCES = {
    # seminars
    "seminar_invitation": _("%(host)s invites your unit to “%(title)s”, %(when)s."),
    "seminar_change": _("“%(title)s” has changed: now %(when)s, at %(where)s."),
    "seminar_cancellation": _("“%(title)s” (%(when)s) is cancelled."),
    "seminar_reminder": _("Reminder: “%(title)s” is on %(when)s."),
    # questions and answers
    "question_to_owner": _("%(asking)s asks %(owner)s about “%(model)s”: %(title)s"),
    "question_to_followers": _("New question about “%(model)s”: %(title)s"),
    "answer_official_to_asker": _("%(owner)s answered “%(title)s” officially."),
    "answer_to_asker": _("%(author)s answered “%(title)s”."),
    "answer_to_followers": _("New answer to “%(title)s” by %(author)s."),
    "answer_made_official": _("%(owner)s made an answer to “%(title)s” its official answer."),
    "answer_accepted": _("%(asking)s accepted your answer to “%(title)s”."),
    "comment": _("%(author)s commented on “%(title)s”."),
    "answered_live": _("“%(title)s” was answered live at “%(seminar)s”: %(note)s"),
    "post_hidden": _("A moderator hid what you wrote in “%(title)s”: %(reason)s"),
    "question_locked": _("A moderator locked the thread “%(title)s”: it takes no more answers."),
    "question_merged": _("Your question “%(title)s” was merged into “%(other)s”: follow it there."),
    "question_reminder": _(
        "“%(title)s” from %(asking)s has waited more than %(days)d days for your unit's "
        "official answer."
    ),
    # award nominations (``seminars.awards``)
    "award_submitted": _("%(unit)s nominates “%(model)s” for the %(year)s emulation award."),
    "award_resubmitted": _(
        "%(unit)s sent its nomination of “%(model)s” for %(year)s again, with its changes."
    ),
    "award_accepted": _("The nomination of “%(model)s” for the %(year)s award is accepted."),
    "award_returned": _(
        "The nomination of “%(model)s” for %(year)s is returned to your unit: %(reason)s"
    ),
    "award_declined": _("The nomination of “%(model)s” for %(year)s is declined: %(reason)s"),
    "question_escalation": _(
        "“%(title)s”, from %(asking)s to %(owner)s, has waited more than %(days)d days without "
        "an official answer."
    ),
}


def _readable(args: dict) -> dict:
    """Times are kept as ISO text: a seminar's ``starts``/``ends`` become “08:00–11:30, …” in
    the reader's formats."""
    values = dict(args)
    if "starts" in values and "ends" in values:
        values["when"] = time_span(parse_datetime(values["starts"]), parse_datetime(values["ends"]))
    return values


@dataclass(frozen=True)
class Message:
    key: str
    args: dict = field(default_factory=dict)

    def text(self) -> str:
        return str(SENTENCES[self.key]) % _readable(self.args)


def notice_text(key: str, args: dict, fallback: str) -> str:
    """A stored notice's sentence in the active language (older notices kept only their text)."""
    if key not in SENTENCES:
        return fallback
    try:
        return Message(key, args).text()
    except (KeyError, TypeError, ValueError):
        return fallback
