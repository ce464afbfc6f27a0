from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from emulation_cluster.enums import Role
from emulation_cluster.memberships import pending_invitations
from emulation_cluster.models import Membership
from emulation_cluster.submissions import OneSubmissionForm


class InvitationForm(OneSubmissionForm):
    email = forms.EmailField(label=_("Email of the person to invite"), max_length=254)
    role = forms.ChoiceField(label=_("Role in the unit"), choices=Role.choices, initial=Role.MEMBER)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean(self):
        if self.unit.archived_at is not None:
            raise forms.ValidationError(
                _("This unit is archived: it takes no new members. Restore it first.")
            )
        return super().clean()

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        cluster = self.unit.cluster
        if cluster is not None and not cluster.allows_invitation_to(email):
            raise forms.ValidationError(
                _("Invitations may only go to these email domains: %(domains)s.")
                % {"domains": cluster.invitation_domains}
            )
        if Membership.objects.active().filter(unit=self.unit, user__email__iexact=email).exists():
            raise forms.ValidationError(_("This person is already a member of the unit."))
        if pending_invitations(self.unit).filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An invitation to this email is already waiting. Withdraw it to send a new one.")
            )
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class JoinForm(forms.Form):
    """Set a name and a password to accept an invitation."""

    full_name = forms.CharField(label=_("Full name, rank and position"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        if first:
            candidate = get_user_model()(
                username=self.email, email=self.email, first_name=cleaned.get("full_name", "")
            )
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
