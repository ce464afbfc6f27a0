from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from emulation_cluster.models import Membership
from emulation_cluster.outbox.models import MessageKind
from emulation_cluster.outbox.sending import enqueue


class PortalAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by invitation only: nobody signs themselves up."""

    def send_mail(self, template_prefix, email, context):
        """allauth's mails (password reset, address confirmation) leave through the outbox too."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        enqueue(
            [self.render_mail(template_prefix, email, {**ctx, **context})], kind=MessageKind.ACCOUNT
        )

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
