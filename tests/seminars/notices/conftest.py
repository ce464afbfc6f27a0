"""The notices tests use the Q&A world (its people, model and questions)."""

from tests.seminars.qa.conftest import _english_notices, qa  # noqa: F401
