"""What the search page shows, in a fixed number of queries whatever the data.

Queries: the reader's roles (cached on the user), the counts (a kept search's cells and, for a
member, their own units' few documents; else one count of the matches, and on the first
reading of a common word the cells stored once), the page's rows, the names of the units and
topics of the facets; and when nothing matches, the counts without each word and the closest
titles. Snippets are cut and highlighted in Python on the page's rows only.
"""

from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import connection
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from emulation_cluster.markdown import markdown_text
from emulation_cluster.models import Unit
from emulation_cluster.search import engine, registry
from emulation_cluster.search.query import SearchText, excerpt, highlight, parse
from models_registry.models import Topic
from seminars.search.markup import facet_items, result_items

SNIPPET_LENGTH = 240


class _Results:
    """The rows of a search as Django's paginator reads them: the total is known, a slice is
    one query for that page."""

    def __init__(self, search, reader, filters, counts):
        self.search, self.reader, self.filters, self.counts = search, reader, filters, counts

    def count(self):
        return self.counts.total

    def __len__(self):
        return self.counts.total

    def __getitem__(self, window):
        if not self.counts.total or window.stop <= window.start:
            return []
        page = window.start // engine.PAGE_SIZE + 1
        return engine.page_rows(self.search, self.reader, self.filters, self.counts, page)


@dataclass
class Result:
    kind_label: object
    # HTML: the text escaped, the search's words in <mark> (``marked``).
    title: str
    snippet: str
    context: str
    url: str
    year: int | None


@dataclass
class Facet:
    name: str
    label: object
    # (label, count, selected, address choosing it or, when selected, leaving it)
    options: list = field(default_factory=list)

    @property
    def items(self):
        """The options as the page lists them (``markup.facet_items``)."""
        return facet_items(self.options)


class _Addresses:
    """The page's address with changes to its query string (None: left out), on its first
    page: ``addresses(kind="model")``. Each parameter of the query is encoded once a page, not
    again for each of forty facet options; nor is the ``QueryDict`` copied (deeply) for each."""

    def __init__(self, params):
        self.encoded = {
            key: urlencode([(key, str(value)) for value in values])
            for key, values in params.lists()
            if key != "page"
        }

    def __call__(self, **changes) -> str:
        encoded = dict(self.encoded)
        for key, value in changes.items():
            if value is None:
                encoded.pop(key, None)
            else:
                encoded[key] = urlencode([(key, str(value))])
        return "?" + "&".join(encoded.values())


def _int(value) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def read_filters(params) -> engine.Filters:
    """The filters of the address; a value that is not one (a garbage id, an unknown kind) is
    left out, as if it were not given."""
    kind = params.get("kind", "")
    return engine.Filters(
        kind=kind if registry.kind(kind) else "",
        city_id=_int(params.get("city")),
        topic_id=_int(params.get("topic")),
        year=_int(params.get("year")),
    )


def marked(pieces) -> str:
    """Highlighted pieces as HTML, escaped here once rather than piece by piece by the template
    (five hundred pieces on a page of twenty results), as Django escapes (``html.escape``)."""
    return mark_safe(  # noqa: S308 - every piece is escaped
        "".join(
            f"<mark>{escape(piece)}</mark>" if matched else escape(piece)
            for piece, matched in pieces
        )
    )


def _result(document, search: SearchText, labels) -> Result:
    # The snippet comes from the summary, or from the body where it holds more of the words;
    # Markdown is read as plain words around the first match only (a long text stays cheap).
    windows = []
    for text in (document.summary, document.body):
        if text:
            windows.append(excerpt(text, search, 1500))
            if windows[-1][1] == len(search.folded_words):
                break  # holds every word: the body could not hold more (nor be cut)
    around = max(windows, key=lambda window: window[1])[0] if windows else ""
    return Result(
        kind_label=labels.get(document.kind, document.kind),
        title=marked(highlight(document.title, search)),
        snippet=marked(highlight(markdown_text(around), search, length=SNIPPET_LENGTH)),
        context=document.context,
        url=document.url,
        year=document.year,
    )


def _names(unit_ids: list[int], topic_ids: list[int]) -> tuple[dict, dict]:
    """The names of the facets' units and topics (in the reader's language), in one statement:
    the ORM's two queries, a topic read as a whole row, cost 1.3 ms of the page."""
    if not unit_ids and not topic_ids:
        return {}, {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT false, id, name, '' FROM {Unit._meta.db_table} WHERE id = ANY(%s)"
            f" UNION ALL SELECT true, id, name, name_en FROM {Topic._meta.db_table}"
            " WHERE id = ANY(%s)",
            [unit_ids, topic_ids],
        )
        rows = cursor.fetchall()
    units = {pk: name for is_topic, pk, name, _en in rows if not is_topic}
    topics = {
        pk: Topic(pk=pk, name=name, name_en=name_en).display_name
        for is_topic, pk, name, name_en in rows
        if is_topic
    }
    return units, topics


def _facets(counts: engine.Counts, filters: engine.Filters, labels, address) -> list[Facet]:
    units, topics = _names(
        [value for value, _n in counts.facets.get("city_id", [])],
        [value for value, _n in counts.facets.get("topic_ids", [])],
    )
    names = {
        "kind": (_("Kind"), "kind", labels, filters.kind),
        "city_id": (_("Unit (city)"), "city", units, filters.city_id),
        "topic_ids": (_("Topic"), "topic", topics, filters.topic_id),
        "year": (_("Year"), "year", {}, filters.year),
    }
    facets = []
    for key, (label, param, value_names, selected) in names.items():
        rows = [
            (value, n)
            for value, n in counts.facets.get(key, [])
            if key == "year" or value in value_names
        ]
        if key == "year":
            rows.sort(reverse=True)
        options = [
            (
                value_names.get(value, value),
                n,
                value == selected,
                address(**{param: None if value == selected else value}),
            )
            for value, n in rows
        ]
        facets.append(Facet(param, label, options))
    return facets


def search_page(user, params) -> dict:
    """The context of the search page for ``user`` and the address's ``params``."""
    search = parse(params.get("q", ""))
    filters = read_filters(params)
    context = {"search": search, "filters": filters, "typed": search.text}
    if search.is_empty:
        return context
    reader = engine.Reader.of(user)
    visible = reader.visible
    # Translated once here, not by each of twenty results and forty facet options.
    labels = {kind.name: str(kind.label) for kind in registry.kinds()}
    # A result names its kind in the singular ("Mô hình điển hình", "Câu trả lời").
    one = {kind.name: str(capfirst(kind.model._meta.verbose_name)) for kind in registry.kinds()}
    counts = engine.counts(search, reader, filters)
    page = Paginator(_Results(search, reader, filters, counts), engine.PAGE_SIZE).get_page(
        params.get("page")
    )
    results = [_result(document, search, one) for document in page.object_list]
    address = _Addresses(params)
    facets = _facets(counts, filters, labels, address)
    filtered = filters != engine.Filters()
    context.update(
        counts=counts,
        page=page,
        results=results,
        result_items=result_items(results),
        facets=facets,
        filtered=filtered,
        # Nothing found and nothing chosen: no facet to offer, so no empty box beside the page.
        narrowing=filtered or any(facet.options for facet in facets),
        clear_filters=address(kind=None, city=None, topic=None, year=None),
    )
    if counts.total == 0:
        context["shorter"] = engine.drop_word_counts(search, visible)
        context["suggestion_cap"] = engine.SUGGESTION_COUNT_CAP
        context["closest"] = [
            Result(
                one.get(document.kind, document.kind),
                marked(highlight(document.title, search)),
                "",
                document.context,
                document.url,
                None,
            )
            for document in engine.closest_titles(search, visible)
        ]
    return context
