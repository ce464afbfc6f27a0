"""The Q&A threads' models: questions, answers, comments, and votes, follows, reminders."""

from seminars.qa.models.engagement import Follow, QuestionReminder, Vote
from seminars.qa.models.figures import FiguresAudience, UnitQuestionFigures
from seminars.qa.models.posts import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    TOKEN_MAX_LENGTH,
    Answer,
    Comment,
    Post,
    Question,
    QuestionAttachment,
    question_attachment_path,
)

__all__ = [
    "BODY_MAX_LENGTH",
    "COMMENT_MAX_LENGTH",
    "NOTE_MAX_LENGTH",
    "TITLE_MAX_LENGTH",
    "TOKEN_MAX_LENGTH",
    "Answer",
    "Comment",
    "FiguresAudience",
    "Follow",
    "Post",
    "Question",
    "QuestionAttachment",
    "QuestionReminder",
    "UnitQuestionFigures",
    "Vote",
    "question_attachment_path",
]
