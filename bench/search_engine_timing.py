"""Time the one search's queries (``emulation_cluster.search.engine``) on a filled database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> RUNS=15 \
        .venv/bin/python bench/search_engine_timing.py anonymous member

The database must hold search documents (``bench/search_scale.py`` fills one as the app does).
For each reader (a visitor; a member of a new unit, created here if missing) it finds the most
common word, a word in about 300,000 documents, a two-word phrase of the two commonest words,
the word ``zyxwv`` (rare) and a word found nowhere, and prints p50/p95 of: the page's rows (page
1 and page 200), the counts and facets counted afresh (``_cube_sql``) and read from the kept cells
(``counts.py``).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation_cluster.settings")
import django  # noqa: E402

django.setup()
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection  # noqa: E402

from emulation_cluster.search import counts, engine  # noqa: E402
from emulation_cluster.search.query import parse  # noqa: E402

RUNS = int(os.environ.get("RUNS", "15"))
# A word in about this many documents stands for "a common word" besides the commonest one.
COMMON_DOCUMENTS = 300_000
SAMPLE = 50  # ts_stat reads one document in SAMPLE


def reader(kind):
    if kind == "anonymous":
        return AnonymousUser()
    from django.contrib.auth import get_user_model

    from emulation_cluster.enums import Role, UnitKind
    from emulation_cluster.models import Cluster, Membership, Unit

    user, _created = get_user_model().objects.get_or_create(username="bench-member")
    if not Membership.objects.filter(user=user).exists():
        cluster = Cluster.objects.first() or Cluster.objects.create(name="Cụm thi đua số 1")
        unit = Unit.objects.create(
            name="CATP bench",
            short_name="bench",
            slug="bench",
            kind=UnitKind.CITY,
            cluster=cluster,
            city="Hà Nội",
        )
        Membership.objects.create(user=user, unit=unit, role=Role.MEMBER)
    return user


def timed(work):
    times = []
    for _run in range(RUNS):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def top_words():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat($$SELECT search_vector FROM"
            f" emulation_cluster_searchdocument WHERE id % {SAMPLE} = 0$$)"
            " ORDER BY ndoc DESC LIMIT 400"
        )
        return cursor.fetchall()


def afresh(search, visible, filters):
    return counts._facets(*counts._cube_sql(counts.matches(search, visible)), filters)


def measure(who, searches):
    person = engine.Reader.of(reader(who))
    visible = person.visible
    filters = engine.Filters()
    for label, text, page in searches:
        search = parse(text)
        found = engine.counts(search, person, filters)
        total = found.total
        rows = timed(lambda: engine.page_rows(search, person, filters, found, page))  # noqa: B023
        line = f"{who:9} {label:18} total={total:>8} rows p50/p95={rows[0]:.1f}/{rows[1]:.1f} ms"
        if page == 1:
            cold = timed(lambda: afresh(search, visible, filters))  # noqa: B023
            kept = timed(lambda: engine.counts(search, person, filters))  # noqa: B023
            line += (
                f"  counts+facets afresh p50/p95={cold[0]:.0f}/{cold[1]:.0f} ms"
                f"  kept={kept[0]:.1f}/{kept[1]:.1f} ms"
            )
        print(line, flush=True)
    suggestions = timed(lambda: engine.drop_word_counts(parse("tuan tra qqqqzz zzqq"), visible))
    closest = timed(lambda: engine.closest_titles(parse("tuan tra qqqqzz"), visible))
    print(
        f"{who:9} no-match page: drop-a-word counts p50/p95={suggestions[0]:.1f}/"
        f"{suggestions[1]:.1f} ms, closest titles {closest[0]:.1f}/{closest[1]:.1f} ms"
    )


def main():
    words = top_words()
    common = words[0][0]
    middle = next(word for word, n in words if n * SAMPLE < COMMON_DOCUMENTS * 1.07)
    phrase = f'"{words[0][0]} {words[1][0]}"'
    print(
        f"commonest {common!r} ({words[0][1] * SAMPLE} documents), "
        f"common {middle!r}, phrase {phrase}, load {os.getloadavg()}"
    )
    searches = [
        ("most common word", common, 1),
        ("~300k-match word", middle, 1),
        ("two-word phrase", phrase, 1),
        ("rare word", "zyxwv", 1),
        ("no hits", "qqqqzz", 1),
        ("page 200 common", common, 200),
        ("page 200 ~300k", middle, 200),
    ]
    for who in sys.argv[1:] or ["anonymous", "member"]:
        measure(who, searches)


if __name__ == "__main__":
    main()
