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
