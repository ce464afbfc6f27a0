"""What a page shows, for tests that check more than its status code.

The error pages (templates/400.html, 403.html, 404.html) in the two languages the tests read:
Vietnamese, the portal's language, and English, which the seminar and Q&A tests ask for.
"""

from django.urls import reverse

NOT_FOUND = "<h1>Không tìm thấy trang</h1>"
DENIED = "<h1>Không có quyền truy cập</h1>"
NOT_FOUND_EN = "<h1>Page not found</h1>"
DENIED_EN = "<h1>Access denied</h1>"


def shows(response, status: int, *texts: str) -> str:
    """``response`` has ``status`` and its page shows each of ``texts``; returns the HTML."""
    assert response.status_code == status, f"status {response.status_code}, not {status}"
    html = response.content.decode()
    for text in texts:
        assert text in html, f"{text!r} is not on the page"
    return html


def redirects(response, to: str) -> None:
    assert response.status_code == 302, f"status {response.status_code}, not 302"
    assert response["Location"] == to


def to_login(response, next_url: str) -> None:
    """The visitor is sent to the login page, and comes back to ``next_url`` after."""
    redirects(response, f"{reverse('account_login')}?next={next_url}")


def serves(response, content: bytes) -> None:
    """A file served whole (through the view that checked access)."""
    assert response.status_code == 200, f"status {response.status_code}, not 200"
    assert b"".join(response.streaming_content) == content


def searched_pages(client, url_name: str, query: str, pages: int, total: int) -> list[list[int]]:
    """The ids on pages 1..``pages`` of the list ``url_name`` searched for ``query``, each page
    checked to count ``total`` matches."""
    found = []
    for number in range(1, pages + 1):
        response = client.get(reverse(url_name), {"q": query, "page": number})
        assert response.context["page"].paginator.count == total
        found.append([row.pk for row in response.context["page"].object_list])
    return found
