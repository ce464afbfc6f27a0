from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NominationState(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("nomination state", "Submitted, awaiting review")
    RETURNED = "returned", pgettext_lazy("nomination state", "Returned to the unit")
    ACCEPTED = "accepted", pgettext_lazy("nomination state", "Accepted")
    DECLINED = "declined", pgettext_lazy("nomination state", "Declined")


# Decided: the review is over and the nomination is a record.
DECIDED_STATES = frozenset({NominationState.ACCEPTED, NominationState.DECLINED})


class NominationAction(models.TextChoices):
    """A step of a nomination's life (see ``NOMINATION_TRANSITIONS``)."""

    RESUBMIT = "resubmit", _("Send again")
    ACCEPT = "accept", pgettext_lazy("nomination action", "Accept")
    RETURN = "return", pgettext_lazy("nomination action", "Return to the unit")
    DECLINE = "decline", pgettext_lazy("nomination action", "Decline")

    @property
    def needs_reason(self) -> bool:
        """The unit is told why it was returned or declined: the reviewer must say it."""
        return self in (NominationAction.RETURN, NominationAction.DECLINE)

    @property
    def is_review(self) -> bool:
        return self != NominationAction.RESUBMIT


# The one table of a nomination's life: each step, the states it starts from, the state it leads
# to. A nomination is made ``SUBMITTED``; services refuse a step from another state and the pages
# offer only the steps the state allows.
NOMINATION_TRANSITIONS = {
    NominationAction.RESUBMIT: (frozenset({NominationState.RETURNED}), NominationState.SUBMITTED),
    NominationAction.ACCEPT: (frozenset({NominationState.SUBMITTED}), NominationState.ACCEPTED),
    NominationAction.RETURN: (frozenset({NominationState.SUBMITTED}), NominationState.RETURNED),
    NominationAction.DECLINE: (frozenset({NominationState.SUBMITTED}), NominationState.DECLINED),
}

# The review form's choices, in the order a reviewer reads them.
REVIEW_ACTIONS = (NominationAction.ACCEPT, NominationAction.RETURN, NominationAction.DECLINE)
# The unit may change its statement until the nomination is decided.
EDITABLE_STATES = frozenset({NominationState.SUBMITTED, NominationState.RETURNED})
