"""Create forms that make one row however often they are sent (``FormSubmission``)."""

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from emulation_cluster.models import FormSubmission
from emulation_cluster.page_cache import personal

TOKEN_MAX_LENGTH = 64


class OneSubmissionForm(forms.Form):
    """Carries a token made for this rendering of the form: sent twice, it makes one row.

    A model form takes it as a second base (``class F(forms.ModelForm, OneSubmissionForm)``).
    """

    token = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=TOKEN_MAX_LENGTH, strip=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # A page kept for later readers gets each of them a fresh token (page_cache).
            self.initial["token"] = personal.submission_token()


def _made_by(token, user):
    """What the form of ``token`` made; None if it made nothing yet, or if what it made has been
    deleted since (the form sent again then makes it anew, instead of failing)."""
    submission = FormSubmission.objects.filter(token=token, user=user).first()
    if submission is None:
        return None
    try:
        return submission.target
    except ObjectDoesNotExist:
        submission.delete()
        return None


def create_once(*, token: str, user, create):
    """``create()`` once per form token; returns (what it made, whether it is new).

    A second sending of the same form, even at the same moment, returns the first one's row:
    the token's unique index makes the second wait for the first and then find its row.
    """
    if not token:
        return create(), True
    if (made := _made_by(token, user)) is not None:
        return made, False
    try:
        with transaction.atomic():
            submission = FormSubmission.objects.create(token=token, user=user)
            made = create()
            submission.target_type = ContentType.objects.get_for_model(made)
            submission.target_id = made.pk
            submission.save(update_fields=["target_type", "target_id"])
    except IntegrityError:
        if (made := _made_by(token, user)) is not None:
            return made, False
        raise
    return made, True


def told_repeated(request):
    messages.info(request, _("This form was already sent: here is what it made then."))


def made_by_request(request):
    """What the form in this POST made the first time it was sent (None: it is new)."""
    token = request.POST.get("token", "")[:TOKEN_MAX_LENGTH]
    if not token or not request.user.is_authenticated:
        return None
    return _made_by(token, request.user)


def create_from_form(request, form, create):
    """``create_once`` for a view: the form's token, the signed-in user, and a word to the user
    when the form had already been sent. Returns (what was made, whether it is new)."""
    made, created = create_once(
        token=form.cleaned_data.get("token", ""), user=request.user, create=create
    )
    if not created:
        told_repeated(request)
    return made, created


def save_from_form(request, form, write, *, creating: bool):
    """An edit is written as it comes; a creation once per form token (``create_from_form``).

    Returns (what was written, whether this sending wrote it)."""
    if not creating:
        return write(), True
    return create_from_form(request, form, write)
