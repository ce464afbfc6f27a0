"""Forms of the Q&A threads. Texts are limited here and checked again by the services."""

from django import forms
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from emulation_cluster.models import Unit
from emulation_cluster.submissions import OneSubmissionForm
from models_registry.forms import MARKDOWN_HELP, UploadField
from seminars.enums import EMAIL_CHOICE_KINDS, NoticeKind, QuestionState
from seminars.models import Seminar
from seminars.qa.models import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Comment,
    Question,
)

# Posts keep their own token (``Post.submission_token``); the form field is the shared one.
OneTimeTokenForm = OneSubmissionForm


def _text_field(label, max_length, rows, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class SeminarChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, seminar):
        start = formats.date_format(timezone.localtime(seminar.starts_at), "SHORT_DATE_FORMAT")
        return f"{seminar.title} ({start})"


class QuestionForm(OneTimeTokenForm):
    asking_unit = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Unit.objects.none(), empty_label=None
    )
    title = forms.CharField(
        label=_("Question"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("One line, e.g. “How are the night patrols organised?”"),
    )
    body = _text_field(
        _("Details"),
        BODY_MAX_LENGTH,
        8,
        # format_lazy: a "+" here would fix the text in the language of the moment of import.
        help_text=format_lazy("{} {}", _("What your unit wants to know and why."), MARKDOWN_HELP),
    )
    seminar = SeminarChoiceField(
        label=_("Also in a seminar's thread"),
        queryset=Seminar.objects.none(),
        required=False,
        empty_label=_("No seminar"),
        help_text=_("The question then shows on the seminar's Q&A page too, ranked by votes."),
    )
    attachment = UploadField(label=_("Attach a document or photo (optional)"), required=False)

    def __init__(self, *args, asking_units, seminars, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asking_unit"].queryset = asking_units
        self.fields["seminar"].queryset = seminars

    def question_data(self) -> dict:
        """What ``services.question_ask`` takes, from the cleaned form."""
        data = dict(self.cleaned_data)
        data["upload"] = data.pop("attachment") or None
        data["file_type"] = getattr(data["upload"], "file_type", None)
        return data


class AnswerForm(OneTimeTokenForm):
    body = _text_field(_("Your answer"), BODY_MAX_LENGTH, 6, help_text=MARKDOWN_HELP)


class CommentForm(OneTimeTokenForm):
    body = _text_field(_("Comment"), COMMENT_MAX_LENGTH, 2)
    answer = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PostEditForm(forms.Form):
    title = forms.CharField(label=_("Question"), max_length=TITLE_MAX_LENGTH)
    body = _text_field(_("Text"), BODY_MAX_LENGTH, 8, help_text=MARKDOWN_HELP)

    def __init__(self, *args, post, **kwargs):
        super().__init__(*args, **kwargs)
        if not isinstance(post, Question):
            del self.fields["title"]
        if isinstance(post, Comment):
            self.fields["body"] = _text_field(_("Text"), COMMENT_MAX_LENGTH, 3)


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        help_text=_("Required to hide. The author is told; the audit log keeps it."),
    )


class LockForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), max_length=NOTE_MAX_LENGTH, required=False
    )


class AnsweredLiveForm(forms.Form):
    note = forms.CharField(
        label=_("Note on the answer given in the room"),
        max_length=NOTE_MAX_LENGTH,
        help_text=_("Who answered, and the gist, e.g. “Answered by CATP Hà Nội: …”."),
    )


class QuestionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, question):
        return f"#{question.pk} {question.title}"


class MergeForm(forms.Form):
    into = QuestionChoiceField(
        label=_("Keep this question (the duplicate is closed in its favour)"),
        queryset=Question.objects.none(),
        empty_label=None,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = candidates


class PreferencesForm(forms.Form):
    """One box per kind of notice: email on or off (notices in the portal always come)."""

    def __init__(self, *args, emails_off, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in EMAIL_CHOICE_KINDS:
            self.fields[kind.value] = forms.BooleanField(
                label=NoticeKind(kind).label, required=False, initial=kind not in emails_off
            )

    def email_on(self) -> set[str]:
        return {name for name, value in self.cleaned_data.items() if value}


class QuestionSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the questions"), required=False, max_length=200)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All"))] + list(QuestionState.choices),
    )

    def values(self) -> dict:
        """The valid values only: a bad one is reported beside its field and then ignored."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
