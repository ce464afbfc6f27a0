from allauth.account.adapter import DefaultAccountAdapter

from emulation_cluster.models import Membership


class PortalAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by invitation only: nobody signs themselves up."""

    def is_open_for_signup(self, request):
        return False

    def get_login_redirect_url(self, request):
        """After login (with no ?next=), a person of one unit lands on that unit's page."""
        units = {
            membership.unit
            for membership in Membership.objects.active()
            .filter(user=request.user)
            .select_related("unit")
        }
        if len(units) == 1:
            return units.pop().get_absolute_url()
        return super().get_login_redirect_url(request)
