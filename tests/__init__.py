import pytest

# The helpers that check what a page shows: their asserts explain a failure like the tests' own.
pytest.register_assert_rewrite("tests.pages")
