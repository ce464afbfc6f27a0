"""Every page of the portal worth measuring, found by walking the URL conf, with the objects of
the generated data set that make each one heavy (the largest unit, the 401-answer thread...).

``catalogue()`` returns the pages; ``unmeasured()`` names the routes of the URL conf that are not
in it and why (POST-only actions, downloads of uploaded files, allauth's own pages), so a new
page cannot be left out silently.
"""

from dataclasses import dataclass, field

ANONYMOUS, MEMBER, EDITOR, ADMIN = "anonymous", "member", "editor", "admin"
EVERYONE = (ANONYMOUS, MEMBER, EDITOR)
SIGNED_IN = (MEMBER, EDITOR)
BENCH_ADMIN = "bench-admin"

# Seminars and the Q&A threads are for the cluster's people: visitors go to the login page.
SIGNED_IN_ONLY = ("/hoi-dap/", "/hoi-nghi/")

# Routes not measured, by name: what they are.
NOT_PAGES = {
    "POST-only action": (
        "invitation_revoke outbox_resend topic_delete partner_delete unit_archive unit_restore"
        " model_publish model_unpublish model_verify feed_key_reset notice_mark_read"
        " seminar_schedule seminar_mark_held seminar_close seminar_cancel agenda_item_move"
        " agenda_item_delete material_delete model_follow unit_follow topic_follow answer_create"
        " comment_create question_vote question_follow question_answered_live answer_accept"
        " answer_make_official set_language"
    ),
    "download of an uploaded file (none generated)": (
        "attachment_download material_download question_attachment"
    ),
    "needs a one-time token or key": "invitation_accept seminar_feed_private",
    "form of one object, same widgets as a measured one": (
        "invitation_create membership_update topic_create topic_edit term_create term_edit"
        " unit_create unit_rename unit_move partner_create partner_edit model_import_word"
        " model_import_excel replication_edit agenda_item_create agenda_item_edit"
        " attendance_edit outcome_edit material_create question_lock question_merge post_edit"
        " post_hide seminar_edit invitation_reply minutes_download model_import_template"
        " attachment_create"
    ),
}


@dataclass
class Page:
    label: str
    url: str
    roles: tuple = EVERYONE
    # Home, list, detail, search and question pages: ≥ 0.5× the bare view's requests/s.
    core: bool = False
    # In the 100 clients' mix of ordinary pages.
    mix: bool = False
    route: str = ""
    notes: list = field(default_factory=list)


def bench_people():
    """The signed-in roles: a member of a ward of Hà Nội, an editor of CATP Hà Nội (the largest
    unit), a cluster administrator (created here if missing)."""
    from django.contrib.auth import get_user_model

    from emulation_cluster.models import Cluster

    users = get_user_model().objects
    admin, created = users.get_or_create(
        username=BENCH_ADMIN, defaults={"email": f"{BENCH_ADMIN}@bench.invalid"}
    )
    if created:
        from allauth.mfa.models import Authenticator

        admin.set_unusable_password()
        admin.save()
        Cluster.objects.get(slug="cum-thi-dua-so-1").administrators.add(admin)
        # Cluster administrators must have a second factor, or every page leads to enrolment.
        Authenticator.objects.create(
            user=admin, type=Authenticator.Type.TOTP, data={"secret": "bench-unused"}
        )
    return {
        MEMBER: users.get(username="bench-member"),
        EDITOR: users.get(username="bench-editor"),
        ADMIN: admin,
    }


def heavy_objects() -> dict:
    """The objects that make pages heavy, found in the data (deterministic)."""
    from django.db.models import Count

    from emulation_cluster.enums import UnitKind, Visibility
    from emulation_cluster.models import Unit
    from models_registry.models import ExemplaryModel, Topic
    from seminars.models import Answer, Question, Seminar

    largest = Unit.objects.get(kind=UnitKind.CITY, city="Hà Nội")
    ward = bench_people()[MEMBER].memberships.get().unit
    district = ward.parent
    # Public models, so that the same page is measured for every role.
    visible = ExemplaryModel.objects.published().filter(visibility=Visibility.PUBLIC)
    detail = (
        visible.filter(replications__isnull=False)
        .annotate(replicated=Count("replications"))
        .order_by("-replicated", "id")
        .first()
    )
    asked_model_id = (
        Question.objects.filter(exemplary_model__in=visible.filter(owner_unit=largest))
        .values("exemplary_model")
        .annotate(asked=Count("id"))
        .order_by("-asked", "exemplary_model")
        .values_list("exemplary_model", flat=True)
        .first()
    )
    big_thread = (
        Answer.objects.values("question").annotate(n=Count("id")).order_by("-n").first()["question"]
    )
    ordinary = (
        Question.objects.filter(exemplary_model__in=visible, hidden_at__isnull=True)
        .annotate(n=Count("answers"))
        .filter(n=2)
        .order_by("id")
        .first()
    )
    big_seminar = Seminar.objects.annotate(n=Count("questions")).order_by("-n", "id").first()
    return {
        "largest": largest,
        "ward": ward,
        "district": district,
        "detail": detail,
        "asked_model": ExemplaryModel.objects.get(pk=asked_model_id),
        "big_thread": big_thread,
        "question": ordinary,
        "seminar": big_seminar,
        "upcoming": Seminar.objects.filter(status="scheduled").order_by("starts_at").first(),
        "topic": Topic.objects.order_by("id").first(),
    }


def catalogue() -> list[Page]:
    from django.urls import reverse

    o = heavy_objects()
    largest, ward, detail = o["largest"], o["ward"], o["detail"]
    seminar = o["seminar"]

    def page(label, route, *, query="", kwargs=None, **options):
        url = reverse(route, kwargs=kwargs) + (f"?{query}" if query else "")
        if url.startswith(SIGNED_IN_ONLY):
            options.setdefault("roles", SIGNED_IN)
        return Page(label=label, url=url, route=route, **options)

    unit_slug = {"slug": largest.slug}
    return [
        page("home", "home", core=True, mix=True),
        page("model list", "model_list", core=True, mix=True),
        page("model list, page 500", "model_list", query="page=500", core=True),
        page("model list, page 4000", "model_list", query="page=4000", roles=(MEMBER,)),
        page("model list, unit=largest", "model_list", query=f"unit={largest.slug}", mix=True),
        page("model list, unit=ward", "model_list", query=f"unit={ward.slug}", roles=(MEMBER,)),
        page("model list, topic", "model_list", query=f"topic={o['topic'].slug}", roles=(MEMBER,)),
        page("model list, year", "model_list", query="year=2020", roles=(MEMBER,)),
        page("model list, sort=title", "model_list", query="sort=title", roles=(MEMBER,)),
        page("model search 'tuan tra'", "model_list", query="q=tuan tra", core=True, mix=True),
        page(
            "model search rare", "model_list", query="q=khinh khí cầu", core=True, roles=(MEMBER,)
        ),
        page("model detail", "model_detail", kwargs={"slug": detail.slug}, core=True, mix=True),
        page(
            "model detail, most asked",
            "model_detail",
            kwargs={"slug": o["asked_model"].slug},
            core=True,
        ),
        page("model history", "model_history", kwargs={"slug": detail.slug}, roles=(ADMIN,)),
        page("model feed", "model_feed", roles=(MEMBER,)),
        page("model export csv", "model_export", kwargs={"fmt": "csv"}, roles=SIGNED_IN),
        page("model create form", "model_create", roles=(EDITOR,)),
        page(
            "model edit form",
            "model_edit",
            kwargs={"slug": o["asked_model"].slug},
            roles=(EDITOR,),
        ),
        page(
            "replication form",
            "replication_create",
            kwargs={"slug": detail.slug},
            roles=(EDITOR,),
        ),
        page("unit list", "unit_list", mix=True),
        page("unit page, largest", "unit_detail", kwargs=unit_slug, mix=True),
        page("unit page, ward", "unit_detail", kwargs={"slug": ward.slug}),
        page("unit members, largest", "unit_members", kwargs=unit_slug, roles=(ADMIN,)),
        page("unit inbox, largest", "unit_inbox", kwargs=unit_slug, roles=(EDITOR,)),
        page(
            "unit inbox, all states",
            "unit_inbox",
            kwargs=unit_slug,
            query="trang-thai=",
            roles=(EDITOR,),
        ),
        page("unit asked, largest", "unit_asked", kwargs=unit_slug, roles=(EDITOR,)),
        page(
            "unit questions export",
            "unit_questions_export",
            kwargs={**unit_slug, "fmt": "csv"},
            roles=(EDITOR,),
        ),
        page("Q&A list", "question_search", core=True, mix=True),
        page("Q&A list, page 200", "question_search", query="page=200", roles=(MEMBER,)),
        page("Q&A search", "question_search", query="q=camera giam sat", core=True),
        page(
            "Q&A search, page 3",
            "question_search",
            query="q=camera giam sat&page=3",
            roles=(MEMBER,),
        ),
        page(
            "Q&A search, page 200",
            "question_search",
            query="q=camera giam sat&page=200",
            roles=(MEMBER,),
        ),
        page("Q&A list, open", "question_search", query="state=open", roles=(MEMBER,)),
        page(
            "question",
            "question_detail",
            kwargs={"pk": o["question"].pk},
            core=True,
            mix=True,
        ),
        page(
            "question, 401 answers",
            "question_detail",
            kwargs={"pk": o["big_thread"]},
            core=True,
        ),
        page(
            "question history", "question_history", kwargs={"pk": o["question"].pk}, roles=(MEMBER,)
        ),
        page(
            "model's questions",
            "model_questions",
            kwargs={"slug": o["asked_model"].slug},
            mix=True,
        ),
        page("ask form", "question_ask", kwargs={"slug": o["asked_model"].slug}, roles=(MEMBER,)),
        page("seminar list", "seminar_list", mix=True),
        page("seminars held", "seminar_past_list", roles=(MEMBER,)),
        page("seminar month", "seminar_month", roles=(MEMBER,)),
        page("seminar calendar feed", "seminar_feed", roles=(MEMBER,)),
        page("seminar export csv", "seminar_export", kwargs={"fmt": "csv"}, roles=SIGNED_IN),
        page("seminar", "seminar_detail", kwargs={"pk": seminar.pk}, mix=True),
        page("seminar .ics", "seminar_ics", kwargs={"pk": seminar.pk}, roles=(MEMBER,)),
        page("seminar Q&A", "seminar_questions", kwargs={"pk": seminar.pk}, mix=True),
        page(
            "seminar Q&A fragment",
            "seminar_questions_fragment",
            kwargs={"pk": seminar.pk},
            roles=(MEMBER,),
        ),
        page("seminar minutes", "minutes_page", kwargs={"pk": seminar.pk}, roles=SIGNED_IN),
        page(
            "seminar invitations",
            "invitation_manage",
            kwargs={"pk": o["upcoming"].pk},
            roles=(ADMIN,),
        ),
        page("seminar create form", "seminar_create", roles=(ADMIN,)),
        page("notices", "notice_list", roles=SIGNED_IN),
        page("notification settings", "notification_preferences", roles=SIGNED_IN),
        page("profile", "profile", roles=SIGNED_IN),
        page("login", "account_login", roles=(ANONYMOUS,)),
        page("cluster administration", "cluster_administration", roles=(ADMIN,)),
        page("unit tree", "unit_tree", roles=(ADMIN,)),
        page("terms", "term_list", roles=(ADMIN,)),
        page("partners", "partner_list", roles=(ADMIN,)),
        page("topics", "topic_list", roles=(ADMIN,)),
        page("audit log", "audit_log", roles=(ADMIN,)),
        page("outbox", "outbox", roles=(ADMIN,)),
    ]


def unmeasured(pages) -> list[tuple[str, str]]:
    """(route, reason) of every named route of the URL conf that no page measures."""
    from django.urls import URLResolver, get_resolver

    def names(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    yield "admin:*"
                    continue
                yield from names(pattern.url_patterns)
            elif pattern.name:
                yield pattern.name

    measured = {page.route for page in pages}
    reasons = {name: reason for reason, routes in NOT_PAGES.items() for name in routes.split()}
    rows = []
    for name in dict.fromkeys(names(get_resolver().url_patterns)):
        if name in measured:
            continue
        if name == "admin:*":
            rows.append((name, "Django's admin (staff only, Django's own pages)"))
        elif name.startswith(("account_", "mfa_")):
            rows.append((name, "allauth's own page (the login page is measured)"))
        else:
            rows.append((name, reasons.get(name, "NOT CLASSIFIED: add it to scale_pages.py")))
    return rows
