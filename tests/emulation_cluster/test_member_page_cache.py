"""Whole pages kept for signed-in people (emulation_cluster.page_cache): kept per audience (the
reading of their roles) or per person, each reader's own parts filled in on the way out, never
served to another audience, and dropped by every write a member could see."""

import re

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import MessageEncoder
from django.db import connection
from django.test import Client
from django.urls import reverse

from emulation_cluster.enums import Role
from emulation_cluster.memberships import membership_archive, membership_change_role
from emulation_cluster.page_cache import invalidation, personal, store
from emulation_cluster.page_cache.middleware import HEADER
from seminars.notices.models import Notice
from seminars.qa.services import vote_cast
from tests.emulation_cluster.test_page_cache import _after_commit, _seen
from tests.factories import (
    ExemplaryModelFactory,
    MembershipFactory,
    QuestionFactory,
    SeminarFactory,
    UserFactory,
)
from tests.pages import shows

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ONCE = re.compile(r'name="token" value="([^"]+)"')
RESTRICTED = "Mô hình kín Hồng Hà"
MEMBERS_ONLY = "Mô hình nội bộ Hồng Hà"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 120
    # The portal's sessions, which bring the roles' generation (as in production).
    settings.SESSION_ENGINE = "emulation_cluster.session_store"


def _person(unit, role=Role.MEMBER, *, name):
    user = UserFactory(first_name=name, last_name="")
    MembershipFactory(user=user, unit=unit, role=role)
    return user


def _client(user, *, english=False) -> Client:
    client = Client()
    client.force_login(user)
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _unread(html: str) -> list[str]:
    """The unread counts a page shows (the header's bell, the seminars' menu)."""
    return re.findall(r'class="count-badge"[^>]*>(\d+)<', html)


@pytest.fixture
def restricted(unit):
    return ExemplaryModelFactory(owner_unit=unit, title=RESTRICTED, visibility="restricted")


@pytest.fixture
def members_only(unit):
    return ExemplaryModelFactory(owner_unit=unit, title=MEMBERS_ONLY, visibility="members")


@pytest.fixture
def question(members_only, other_unit):
    return QuestionFactory(
        exemplary_model=members_only, asking_unit=other_unit, title="Tuần tra ban đêm thế nào?"
    )


def _notice(user, question=None):
    return Notice.objects.create(user=user, text="Có câu trả lời mới.", question=question)


# --- kept per audience, each reader's own parts filled in -------------------------------------


@pytest.mark.parametrize(
    "url_name",
    ["home", "unit_list", "model_list", "model_feed", "site_search", "question_search"],
)
def test_a_members_page_is_kept_for_the_members_of_the_same_unit_and_role(
    unit, members_only, url_name
):
    first = _person(unit, name="Nguyễn Văn Một")
    second = _person(unit, name="Trần Thị Hai")
    _seen(_client(first), reverse(url_name), "miss")
    _seen(_client(second), reverse(url_name), "hit")


def test_each_member_sees_their_own_name_unread_count_and_token(unit, members_only):
    first = _person(unit, name="Nguyễn Văn Một")
    second = _person(unit, name="Trần Thị Hai")
    for _ in range(3):
        _notice(second)
    miss = _seen(_client(first), reverse("home"), "miss", "Nguyễn Văn Một", MEMBERS_ONLY)
    second_client = _client(second)
    hit = _seen(second_client, reverse("home"), "hit", "Trần Thị Hai", MEMBERS_ONLY)
    miss_html, hit_html = miss.content.decode(), hit.content.decode()
    assert "Trần Thị Hai" not in miss_html and "Nguyễn Văn Một" not in hit_html
    assert _unread(hit_html) == ["3"] and _unread(miss_html) == []
    first_tokens, second_tokens = set(TOKEN.findall(miss_html)), set(TOKEN.findall(hit_html))
    # The language switcher's and the logout button's: the reader's own, never the other's.
    assert len(TOKEN.findall(hit_html)) == 2 and not first_tokens & second_tokens
    # The kept copy holds no one's name, count or token.
    kept = store.content(
        store.lookup(
            store.page_key(hit.wsgi_request, _reader(hit)),
            store.members_version(hit.wsgi_request),
        )
    ).decode()
    for personal_text in ("Nguyễn Văn Một", "Trần Thị Hai", "count-badge", *first_tokens):
        assert personal_text not in kept
    # The kept page's token is good for the logout form.
    logout = second_client.post(
        reverse("account_logout"), {"csrfmiddlewaretoken": second_tokens.pop()}
    )
    assert logout.status_code == 302


def _reader(response):
    from emulation_cluster.page_cache import audience

    return audience.reader_key(response.wsgi_request, per_person=False)


def test_a_hit_for_a_member_costs_the_session_user_and_unread_count(
    unit, members_only, django_assert_num_queries
):
    first = _person(unit, name="Nguyễn Văn Một")
    second_client = _client(_person(unit, name="Trần Thị Hai"))
    for url in (reverse("home"), reverse("model_list"), members_only.get_absolute_url()):
        _seen(_client(first), url, "miss")
        _seen(second_client, url, "hit")  # (the first request of a person reads their roles)
        # The session with the roles' generation and the members' version, the user, the
        # unread notices.
        with django_assert_num_queries(3):
            _seen(second_client, url, "hit")


def test_a_session_engine_without_the_version_reads_it_on_its_own(
    settings, unit, members_only, django_assert_num_queries
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    url = members_only.get_absolute_url()
    _seen(_client(_person(unit, name="Nguyễn Văn Một")), url, "miss")
    second_client = _client(_person(unit, name="Trần Thị Hai"))
    _seen(second_client, url, "hit")
    # Django's own sessions bring neither the generation nor the version: the reading of the
    # person's roles and the version are a statement each.
    with django_assert_num_queries(5):
        _seen(second_client, url, "hit", members_only.title)


def test_each_language_is_kept_apart_for_members(unit, members_only):
    first = _person(unit, name="Nguyễn Văn Một")
    second = _client(_person(unit, name="Trần Thị Hai"))
    _seen(_client(first), reverse("home"), "miss", 'lang="vi"')
    second.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _seen(second, reverse("home"), "miss", 'lang="en"', "Log out")
    _seen(second, reverse("home"), "hit", 'lang="en"')


# --- never served to another audience ----------------------------------------------------------


def test_members_of_two_units_never_share_a_page(unit, other_unit, restricted, members_only):
    own = _person(unit, name="Nguyễn Văn Một")
    own_colleague = _person(unit, name="Trần Thị Hai")
    stranger = _person(other_unit, name="Lê Văn Ba")
    for url in (reverse("model_list"), reverse("home"), f"{reverse('model_list')}?q=hong+ha"):
        _seen(_client(own), url, "miss", RESTRICTED, MEMBERS_ONLY)
        html = _seen(_client(stranger), url, "miss", MEMBERS_ONLY).content.decode()
        assert RESTRICTED not in html
        _seen(_client(own_colleague), url, "hit", RESTRICTED)
        assert RESTRICTED not in _seen(_client(stranger), url, "hit").content.decode()
    _seen(_client(own), restricted.get_absolute_url(), "miss", RESTRICTED)
    refused = _client(stranger).get(restricted.get_absolute_url())
    assert refused.status_code == 404 and refused.get(HEADER) is None


def test_member_editor_administrator_and_visitor_each_get_their_own_page(
    unit, editor, cluster_admin, members_only
):
    url = members_only.get_absolute_url()
    edit_link = reverse("model_edit", args=[members_only.slug])
    member, colleague = (_person(unit, name=name) for name in ("Nguyễn Văn Một", "Trần Thị Hai"))
    html = _seen(_client(member), url, "miss", MEMBERS_ONLY).content.decode()
    assert edit_link not in html
    _seen(_client(editor), url, "miss", edit_link)
    _seen(
        _client(cluster_admin),
        url,
        "miss",
        edit_link,
        reverse("model_verify", args=[members_only.slug]),
    )
    # Visitors do not see a members' model at all, kept or not.
    assert Client().get(url).status_code == 404
    html = _seen(_client(colleague), url, "hit").content.decode()
    assert edit_link not in html


def test_an_administrator_without_a_second_factor_is_sent_to_enrol(unit, members_only):
    _seen(_client(_person(unit, name="Nguyễn Văn Một")), reverse("home"), "miss")
    administrator = _person(unit, Role.ADMIN, name="Quản trị đơn vị")
    response = _client(administrator).get(reverse("home"))
    assert response.status_code == 302 and response.get(HEADER) is None


def test_a_change_of_role_moves_the_person_to_another_audience_at_once(
    unit, members_only, cluster_admin, django_capture_on_commit_callbacks
):
    url = members_only.get_absolute_url()
    edit_link = reverse("model_edit", args=[members_only.slug])
    person = _person(unit, name="Nguyễn Văn Một")
    client = _client(person)
    _seen(client, url, "miss")
    assert edit_link not in _seen(client, url, "hit").content.decode()
    _after_commit(
        django_capture_on_commit_callbacks,
        lambda: membership_change_role(
            membership=person.memberships.get(), role=Role.EDITOR, actor=cluster_admin
        ),
    )
    _seen(client, url, "miss", edit_link)
    _after_commit(
        django_capture_on_commit_callbacks,
        lambda: membership_archive(membership=person.memberships.get(), actor=cluster_admin),
    )
    # No unit any more: the members' model is no longer theirs to read.
    assert client.get(url).status_code == 404
    assert MEMBERS_ONLY not in _seen(client, reverse("model_list"), "miss").content.decode()


def test_a_waiting_message_is_shown_by_a_rendered_page(settings, unit, members_only):
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
    first, second = (_person(unit, name=name) for name in ("Nguyễn Văn Một", "Trần Thị Hai"))
    _seen(_client(first), reverse("home"), "miss")
    client = _client(second)
    _seen(client, reverse("home"), "hit")
    session = client.session
    session["_messages"] = MessageEncoder().encode([Message(constants.INFO, "Đã lưu.")])
    session.save()
    response = client.get(reverse("home"))
    shows(response, 200, "Đã lưu.")
    assert response.get(HEADER) is None
    _seen(client, reverse("home"), "hit")


# --- kept per person: the question's page and a model's questions -------------------------------


def test_the_question_page_is_kept_for_each_person_alone(unit, question):
    url = question.get_absolute_url()
    first = _client(_person(unit, name="Nguyễn Văn Một"))
    second = _client(_person(unit, name="Trần Thị Hai"))
    _seen(first, url, "miss", question.title)
    _seen(second, url, "miss", question.title)
    _seen(first, url, "hit", "Nguyễn Văn Một")
    _seen(second, url, "hit", "Trần Thị Hai")


def test_the_authors_edit_links_are_theirs_alone(unit, other_unit, question):
    url = question.get_absolute_url()
    edit = reverse("post_edit", args=[question.url_kind, question.pk])
    author = _client(question.author)
    MembershipFactory(user=question.author, unit=other_unit)
    _seen(author, url, "miss", edit)
    _seen(author, url, "hit", edit)
    colleague = _client(_person(other_unit, name="Lê Văn Ba"))
    assert edit not in _seen(colleague, url, "miss").content.decode()


def test_every_reader_gets_fresh_one_submission_tokens(unit, question):
    url = question.get_absolute_url()
    client = _client(_person(unit, name="Nguyễn Văn Một"))
    miss = _seen(client, url, "miss").content.decode()
    hit = _seen(client, url, "hit").content.decode()
    miss_tokens, hit_tokens = ONCE.findall(miss), ONCE.findall(hit)
    # The answer's form and the question's comment form: a token each, fresh on each page.
    assert len(miss_tokens) == len(hit_tokens) == 2
    assert len(set(miss_tokens + hit_tokens)) == 4
    assert "once-" not in hit and "part-" not in hit


def test_a_vote_follow_or_answer_shows_on_the_next_request_of_others(
    unit, other_unit, question, django_capture_on_commit_callbacks
):
    url = question.get_absolute_url()
    voter = _person(other_unit, name="Lê Văn Ba")
    reader = _client(_person(unit, name="Nguyễn Văn Một"), english=True)
    voter_client = _client(voter, english=True)
    _seen(reader, url, "miss")
    _seen(voter_client, url, "miss", "Vote for it (0 votes)")
    _seen(reader, reverse("question_search"), "miss")
    _seen(reader, reverse("question_search"), "hit")
    _after_commit(
        django_capture_on_commit_callbacks,
        lambda: voter_client.post(reverse("question_vote", args=[question.pk]), {"vote": "up"}),
    )
    _seen(reader, url, "miss", "Vote for it (1 vote)")
    # The voter's own next page shows "Your vote is counted." (a message: not kept), then kept.
    shows(voter_client.get(url), 200, "Your vote is counted.", "Withdraw my vote (1 vote)")
    _seen(voter_client, url, "miss", "Withdraw my vote (1 vote)")
    _seen(reader, reverse("question_search"), "miss")
    _after_commit(
        django_capture_on_commit_callbacks,
        lambda: voter_client.post(reverse("question_follow", args=[question.pk]), {"follow": "1"}),
    )
    assert voter_client.get(url).get(HEADER) is None  # "You follow …"
    _seen(voter_client, url, "miss", "Stop following")
    _after_commit(
        django_capture_on_commit_callbacks,
        lambda: voter_client.post(
            reverse("answer_create", args=[question.pk]),
            {"body": "Bố trí hai tổ tuần tra luân phiên.", "token": "t-1"},
        ),
    )
    _seen(reader, url, "miss", "Bố trí hai tổ tuần tra luân phiên.")


def test_a_kept_question_page_marks_its_notices_read(unit, question, django_assert_num_queries):
    person = _person(unit, name="Nguyễn Văn Một")
    client = _client(person)
    url = question.get_absolute_url()
    _seen(client, url, "miss")
    _seen(client, url, "hit")
    _notice(person, question)
    _notice(person)
    # The notices marked read by the page and the count in one statement: the other notice only.
    with django_assert_num_queries(3):
        response = _seen(client, url, "hit")
    assert _unread(response.content.decode()) == ["1"]
    assert Notice.objects.filter(user=person, read_at__isnull=True).count() == 1
    # Nothing left to mark: the count kept in the process stands (its stamp has not moved).
    with django_assert_num_queries(3):
        response = _seen(client, url, "hit")
    assert _unread(response.content.decode()) == ["1"]
    _notice(person, question)
    assert _unread(_seen(client, url, "hit").content.decode()) == ["1"]
    assert not Notice.objects.filter(user=person, question=question, read_at__isnull=True).exists()


def test_a_models_questions_page_shows_each_persons_follow(
    unit, question, django_capture_on_commit_callbacks
):
    url = reverse("model_questions", args=[question.exemplary_model.slug])
    follower = _client(_person(unit, name="Nguyễn Văn Một"), english=True)
    other = _client(_person(unit, name="Trần Thị Hai"), english=True)
    _seen(follower, url, "miss", "Follow the model")
    _after_commit(
        django_capture_on_commit_callbacks,
        lambda: follower.post(
            reverse("model_follow", args=[question.exemplary_model.slug]), {"follow": "1"}
        ),
    )
    assert follower.get(url).get(HEADER) is None  # the message
    _seen(follower, url, "miss", "Stop following the model")
    html = _seen(other, url, "miss").content.decode()
    assert "Stop following the model" not in html


# --- seminars -----------------------------------------------------------------------------------


def test_a_seminars_pages_are_kept_with_each_readers_notices(unit):
    seminar = SeminarFactory(host_unit=unit, title="Hội nghị tuần tra ban đêm")
    first = _person(unit, name="Nguyễn Văn Một")
    second = _person(unit, name="Trần Thị Hai")
    Notice.objects.create(user=second, text="Mời dự hội nghị.", url=seminar.get_absolute_url())
    _notice(second)
    for url in (reverse("seminar_list"), seminar.get_absolute_url()):
        _seen(_client(first), url, "miss", seminar.title)
    second_client = _client(second)
    listed = _seen(second_client, reverse("seminar_list"), "hit").content.decode()
    assert _unread(listed) == ["2", "2"]
    # Opening the seminar reads its notice: one left.
    opened = _seen(second_client, seminar.get_absolute_url(), "hit").content.decode()
    assert _unread(opened) == ["1", "1"]


def test_a_seminars_questions_are_kept_for_each_voter_alone(
    unit, other_unit, members_only, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory(host_unit=unit)
    question = QuestionFactory(
        exemplary_model=members_only, asking_unit=other_unit, seminar=seminar
    )
    url = reverse("seminar_questions", args=[seminar.pk])
    voter = _person(other_unit, name="Lê Văn Ba")
    voter_client = _client(voter, english=True)
    reader = _client(_person(unit, name="Nguyễn Văn Một"), english=True)
    _seen(voter_client, url, "miss", question.title)
    _seen(reader, url, "miss", question.title)
    _after_commit(
        django_capture_on_commit_callbacks,
        lambda: vote_cast(question=question, voter=voter),
    )
    _seen(voter_client, url, "miss", "Withdraw my vote")
    _seen(voter_client, url, "hit", "Withdraw my vote")
    assert "Withdraw my vote" not in _seen(reader, url, "miss").content.decode()


def test_reordering_the_agenda_or_inviting_shows_on_the_seminars_page(
    unit, other_unit, django_capture_on_commit_callbacks
):
    from seminars.services.agenda import agenda_item_move
    from seminars.services.invitations import invitations_create
    from tests.factories import AgendaItemFactory

    seminar = SeminarFactory(host_unit=unit)
    first = AgendaItemFactory(seminar=seminar, title="Khai mạc", position=1)
    AgendaItemFactory(seminar=seminar, title="Tham luận", position=2)
    client = _client(_person(unit, name="Nguyễn Văn Một"))
    url = seminar.get_absolute_url()
    _seen(client, url, "miss")
    _after_commit(
        django_capture_on_commit_callbacks,
        lambda: agenda_item_move(item=first, direction="down"),
    )
    html = _seen(client, url, "miss").content.decode()
    assert html.index("Tham luận") < html.index("Khai mạc")
    _after_commit(
        django_capture_on_commit_callbacks,
        lambda: invitations_create(seminar=seminar, units=[other_unit]),
    )
    _seen(client, url, "miss", other_unit.name)


# --- the two versions ----------------------------------------------------------------------------


def test_a_members_write_keeps_the_visitors_pages_and_a_notice_keeps_both(
    unit, question, django_capture_on_commit_callbacks
):
    public = ExemplaryModelFactory(owner_unit=unit, title="Mô hình công khai")
    member = _person(unit, name="Nguyễn Văn Một")
    client = _client(member)
    _seen(Client(), reverse("home"), "miss", public.title)
    _seen(client, reverse("home"), "miss")
    _after_commit(django_capture_on_commit_callbacks, lambda: _notice(member))
    _seen(client, reverse("home"), "hit")
    _after_commit(
        django_capture_on_commit_callbacks, lambda: vote_cast(question=question, voter=member)
    )
    _seen(Client(), reverse("home"), "hit")
    _seen(client, reverse("home"), "miss")


def test_one_bump_a_transaction_widened_by_a_write_visitors_see(
    unit, question, django_capture_on_commit_callbacks
):
    member = _person(unit, name="Nguyễn Văn Một")
    connection.run_on_commit.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        vote_cast(question=question, voter=member)
        ExemplaryModelFactory(owner_unit=unit)
    connection.run_on_commit.clear()
    assert len(callbacks) == 1 and callbacks[0].visitors


def test_the_unseen_tables_are_tables_of_the_portal():
    from django.apps import apps

    labels = {model._meta.label for model in apps.get_models()}
    assert labels >= invalidation.UNSEEN_BY_MEMBERS
    assert invalidation.UNSEEN_BY_MEMBERS < invalidation.UNSEEN_BY_VISITORS


def test_the_personal_parts_are_placeholders_only_while_keeping():
    assert personal.submission_token() != personal.submission_token()
    with personal.rendering_for_keeping():
        assert personal.keeping() and personal.submission_token().startswith("once-")
    assert not personal.keeping()


def test_a_miss_costs_the_pages_own_queries_and_the_keeping(settings, unit, members_only):
    from django.test.utils import CaptureQueriesContext

    first, second = (_person(unit, name=name) for name in ("Nguyễn Văn Một", "Trần Thị Hai"))
    url = members_only.get_absolute_url()
    client = _client(first)
    _seen(client, reverse("home"), "miss")  # (the reading of the person's roles, once)
    settings.PAGE_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as rendered:
        assert client.get(url).get(HEADER) is None
    settings.PAGE_CACHE_SECONDS = 120
    with CaptureQueriesContext(connection) as missed:
        _seen(client, url, "miss")

    def page_and_cache(queries):
        # (each statement by its table and columns: times and keys are parameters)
        page = sorted(q["sql"].split(" WHERE ")[0] for q in queries if "SAVEPOINT" not in q["sql"])
        return [q for q in page if "django_page_cache" not in q], len(page) - len(
            [q for q in page if "django_page_cache" not in q]
        )

    page_rendered, _none = page_and_cache(rendered.captured_queries)
    page_missed, cache = page_and_cache(missed.captured_queries)
    # The page's own queries, the same (the members' version comes with the session); the page
    # looked up, the page written (the database cache counts its entries, looks the key up,
    # inserts).
    assert page_missed == page_rendered
    assert cache == 4


def test_the_bells_count_follows_notices_and_what_members_may_see(
    unit, members_only, question, django_capture_on_commit_callbacks
):
    """The bell's count is used again while the person's unread notices, their roles and the
    members' version stand (seminars.notices.selectors), and counted again when any moves."""
    from seminars.notices import selectors

    reader = _person(unit, name="Trần Thị Hai")
    client = _client(reader)
    about = [_notice(reader, question), _notice(reader, question), _notice(reader)]

    def bell():
        return _unread(client.get(reverse("home")).content.decode())

    assert bell() == ["3"]
    assert bell() == ["3"] and reader.pk in selectors._COUNTED  # kept, then used again
    _notice(reader)
    assert bell() == ["4"]
    Notice.objects.filter(pk=about[0].pk).update(read_at=members_only.created_at)
    assert bell() == ["3"]
    # The model withdrawn: its question's notices are no longer shown, nor counted.
    members_only.published_at = None
    _after_commit(django_capture_on_commit_callbacks, members_only.save)
    assert bell() == ["2"]
