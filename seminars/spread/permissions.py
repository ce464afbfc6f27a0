"""Who may see the spread of good practice.

The dashboards and the evidence map are for the members of the cluster: they count questions,
seminars and models open to members, which anonymous visitors may not see, and a page of
figures that changed with the reader's sign-in would mislead. Signed-in people without a unit
see none either. What each reader counts inside them is the figures' business
(``figures``: the reader's visibility in every query).
"""

from emulation_cluster.permissions import is_cluster_member


def can_view_dashboard(user) -> bool:
    """The cluster's and the units' dashboards and the evidence map."""
    return is_cluster_member(user)


def can_view_annual_report(user) -> bool:
    """The annual knowledge-sharing report of a term (page, .docx, .xlsx): exactly the
    dashboard's readers. What it lists and counts follows the models' and seminars' own rules,
    so a restricted model is in it only for those who may open the model."""
    return can_view_dashboard(user)
