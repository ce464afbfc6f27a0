"""The rows of the search bench: models, seminars, questions, answers and files, at scale.

Rows go in with PostgreSQL's COPY (explicit ids, sequences reset afterwards), never through
``bulk_create`` one batch at a time: a million answers in minutes. What the app computes on
``save()`` (the folded ``search_*`` columns, the sort key) is computed by the app's own
``save()`` with only the final database write left out (``fills_only``), and ``verify_fills``
checks a sample against a real ``save()``. The search documents are then written by the app's
own ``documents()`` of each kind and folded by the index's own ``_values`` (what
``manage.py search_reindex`` does), COPYed, with the search table's indexes built once
afterwards rather than row by row; ``verify_documents`` checks a sample of each kind against
what the app's hooks write on ``save()``.
"""

import contextlib
import random
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

from search_corpus import Corpus

FIRST_DAY = datetime(2016, 1, 1, 8, 0, tzinfo=UTC)
SPAN_DAYS = 10 * 365 + 300
AUTHORS = 3000
SEED = 20261205


def progress(text: str) -> None:
    print(f"  {time.strftime('%H:%M:%S', time.gmtime())} {text}", flush=True)


@contextlib.contextmanager
def fills_only():
    """``obj.save()`` runs the model's own ``save()`` (what it fills before writing) but
    ``Model.save`` itself writes nothing."""
    from django.db import models

    real = models.Model.save
    models.Model.save = lambda self, *args, **kwargs: None
    try:
        yield
    finally:
        models.Model.save = real


def copy_rows(model, objects) -> int:
    """COPY ``objects`` (unsaved instances with their ids set) into ``model``'s table."""
    from django.db import connection

    fields = [field for field in model._meta.concrete_fields if not field.generated]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    count = 0
    with connection.cursor() as cursor:
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for obj in objects:
                copy.write_row(
                    [
                        field.get_db_prep_save(getattr(obj, field.attname), connection)
                        for field in fields
                    ]
                )
                count += 1
    return count


def reset_sequences(models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


class Staging:
    """The search documents on their way in: COPYed to an unlogged table as the index's own
    ``_values`` folds them, then inserted in one statement with the index's own weighted
    ``tsvector`` expression (the app's writer, a multi-row upsert of 500 rows a query, spends
    most of its time parsing its 11,000 parameters: an hour at this size)."""

    TABLE = "bench_search_staging"

    def __init__(self):
        from django.db import connection

        from emulation_cluster.search import index

        self.columns = ", ".join(index._COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.TABLE}")
            cursor.execute(
                f"CREATE UNLOGGED TABLE {self.TABLE} AS SELECT {self.columns},"
                " ''::text AS title_words, ''::text AS summary_words, ''::text AS body_words"
                " FROM emulation_cluster_searchdocument WITH NO DATA"
            )
        self.counts = Counter()

    def add(self, documents) -> None:
        from django.db import connection

        from emulation_cluster.search import index

        rows = [index._values(document) for document in documents]
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {self.TABLE} FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        for row in rows:
            self.counts[row[0]] += 1

    def add_kind(self, kind, chunk_size: int = 2000) -> None:
        """A kind's documents as the app's own ``documents()`` builds them."""
        pks = list(kind.model._default_manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), chunk_size):
            chunk = kind.model._default_manager.filter(pk__in=pks[start : start + chunk_size])
            self.add(list(kind.documents(chunk)))

    def insert(self) -> None:
        from django.db import connection

        from emulation_cluster.search import index

        vector = index._VECTOR % ("title_words", "summary_words", "body_words")
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO emulation_cluster_searchdocument ({self.columns}, search_vector)"
                f" SELECT {self.columns}, {vector} FROM {self.TABLE}"
            )
            cursor.execute(f"DROP TABLE {self.TABLE}")


class Seeder:
    """Writes every table of the bench, a chunk at a time, with the search documents of the
    big kinds (models, questions, answers) built beside their rows as the app builds them
    (``verify_documents`` compares a sample with what the app's hooks write)."""

    CHUNK = 10_000

    def __init__(self, args, units):
        from models_registry.search_documents import city_id

        self.args = args
        self.rng = random.Random(SEED)
        started = time.perf_counter()
        self.corpus = Corpus(SEED)
        words = len(self.corpus.ranked)
        progress(f"vocabulary of {words} words ({time.perf_counter() - started:.0f} s)")
        # Document frequency of each word as written (lower case), for choosing the queries.
        self.frequency = Counter()
        self.counted = 0
        self.units = units
        self.unit_city = {unit.pk: city_id(unit) for unit in units}
        self.unit_name = {unit.pk: unit.name for unit in units}
        self.staging = Staging()

    def _count(self, *texts) -> None:
        """Count the words of one text in ten (ten times each): enough to choose the queries."""
        self.counted += 1
        if self.counted % 10 == 0:
            for word in {word for text in texts for word in text.lower().split()}:
                self.frequency[word] += 10

    def when(self, after: datetime | None = None) -> datetime:
        start = after or FIRST_DAY
        limit = FIRST_DAY + timedelta(days=SPAN_DAYS)
        room = max(1, int((limit - start).total_seconds()))
        return start + timedelta(seconds=self.rng.randrange(room))

    def _chunks(self, total: int, make, model, label: str) -> None:
        """``make(pk)`` → (row, document or None) for pk 1..total; COPY both a chunk at a time."""
        started = time.perf_counter()
        for first in range(1, total + 1, self.CHUNK):
            rows, documents = [], []
            for pk in range(first, min(total, first + self.CHUNK - 1) + 1):
                row, document = make(pk)
                rows.append(row)
                if document is not None:
                    documents.append(document)
            copy_rows(model, rows)
            self.staging.add(documents)
        reset_sequences([model])
        progress(f"{total} {label} ({time.perf_counter() - started:.0f} s)")

    # --- people -----------------------------------------------------------------------------

    def people(self) -> None:
        from django.contrib.auth import get_user_model

        from emulation_cluster.enums import Role
        from emulation_cluster.models import Membership

        user_model = get_user_model()
        first = (user_model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        users = [
            user_model(
                id=first + n,
                username=f"can-bo-{n}",
                email=f"can-bo-{n}@bench.invalid",
                password="!",
                first_name=self.corpus.title(1, 2),
                date_joined=FIRST_DAY,
            )
            for n in range(AUTHORS)
        ]
        copy_rows(user_model, users)
        Membership.objects.bulk_create(
            Membership(user_id=user.pk, unit=self.rng.choice(self.units), role=Role.MEMBER)
            for user in users
        )
        self.authors = [user.pk for user in users]
        reset_sequences([user_model])

    # --- models and their attachments -------------------------------------------------------

    def model_columns(self, pk) -> dict:
        """``models_registry.search_documents.model_columns`` from what the bench wrote."""
        published, visibility, owner, topic_ids, _title = self.model_info[pk]
        return {
            "model_id": pk,
            "published_at": published,
            "visibility": visibility,
            "owner_unit_id": owner,
            "city_id": self.unit_city[owner],
            "topic_ids": topic_ids,
        }

    def models(self, topics) -> None:
        from emulation_cluster.enums import Visibility
        from emulation_cluster.search.index import Document
        from models_registry.enums import ModelKind, ModelStatus
        from models_registry.models import ExemplaryModel
        from models_registry.models.exemplary import WRITE_UP_FIELDS
        from models_registry.search_documents import DRAFT_SCORE, MODEL_SCORE

        corpus, rng = self.corpus, self.rng
        through = ExemplaryModel.topics.through
        visibilities = (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.RESTRICTED)
        self.model_info = {}
        links = []

        def make(pk):
            title = corpus.title()
            fields = {
                "summary": corpus.paragraph(rng.randint(2, 4))[:2000],
                "problem": corpus.paragraph(rng.randint(1, 3)),
                "objectives": corpus.paragraph(rng.randint(1, 2)),
                "how_it_works": corpus.paragraph(rng.randint(2, 5)),
                "resources_and_cost": corpus.paragraph(1),
                "results": corpus.paragraph(rng.randint(1, 3)),
                "lessons_learned": corpus.paragraph(rng.randint(1, 2)),
                "replication_conditions": corpus.paragraph(1),
            }
            self._count(title, *fields.values())
            created = self.when()
            published = None if rng.random() < 0.03 else created + timedelta(days=3)
            owner = rng.choice(self.units).pk
            model = ExemplaryModel(
                id=pk,
                title=title,
                slug=f"mo-hinh-b{pk}",
                kind=rng.choice(ModelKind.values),
                owner_unit_id=owner,
                status=rng.choice(ModelStatus.values),
                started_on=(created - timedelta(days=rng.randrange(900))).date(),
                visibility=rng.choices(visibilities, weights=(25, 70, 5))[0],
                published_at=published,
                created_at=created,
                updated_at=published or created,
                **fields,
            )
            with fills_only():
                model.save()
            topic_ids = sorted(topic.pk for topic in rng.sample(topics, rng.randint(1, 3)))
            for topic_id in topic_ids:
                links.append(through(id=len(links) + 1, exemplarymodel_id=pk, topic_id=topic_id))
            self.model_info[pk] = (published, model.visibility, owner, topic_ids, title)
            document = Document(
                kind="model",
                object_id=pk,
                title=title,
                summary=model.summary,
                body="\n".join(getattr(model, name) or "" for name in WRITE_UP_FIELDS[1:]),
                context=self.unit_name[owner],
                url=model.get_absolute_url(),
                occurred_at=published or created,
                year=(model.started_on or published or created).year,
                score=MODEL_SCORE if published else DRAFT_SCORE,
                **self.model_columns(pk),
            )
            return model, document

        self._chunks(self.args.models, make, ExemplaryModel, "models")
        copy_rows(through, links)
        reset_sequences([through])
        self.published = [pk for pk, info in self.model_info.items() if info[0]]

    def attachments(self) -> None:
        from emulation_cluster.enums import Visibility
        from models_registry.enums import AttachmentKind, TextExtraction
        from models_registry.models import Attachment

        corpus, rng = self.corpus, self.rng
        rows = []
        for pk, model_pk in enumerate(rng.sample(self.published, self.args.attachments), 1):
            text = corpus.paragraph(rng.randint(40, 120))
            self._count(text)
            created = self.model_info[model_pk][0]
            rows.append(
                Attachment(
                    id=pk,
                    exemplary_model_id=model_pk,
                    title=corpus.title(3, 8),
                    file=f"attachments/bench/{pk}.pdf",
                    original_name=f"huong-dan-{pk}.pdf",
                    kind=AttachmentKind.DOCUMENT,
                    content_type="application/pdf",
                    size=len(text) * 3,
                    visibility=rng.choice((Visibility.MEMBERS, Visibility.PUBLIC)),
                    created_at=created,
                    extracted_text=text,
                    text_extraction=TextExtraction.DONE,
                    text_extracted_at=created,
                )
            )
        copy_rows(Attachment, rows)
        reset_sequences([Attachment])
        progress(f"{len(rows)} attachments")

    # --- seminars ---------------------------------------------------------------------------

    def seminars(self, cluster) -> None:
        from seminars.enums import AgendaItemKind, SeminarStatus
        from seminars.models import AgendaItem, Lesson, Seminar, SeminarMaterial, Solution

        corpus, rng = self.corpus, self.rng
        statuses = (SeminarStatus.CLOSED, SeminarStatus.HELD, SeminarStatus.SCHEDULED)
        seminars, items, lessons, solutions, materials = [], [], [], [], []
        for pk in range(1, self.args.seminars + 1):
            starts = self.when()
            status = rng.choices((*statuses, SeminarStatus.DRAFT), weights=(70, 15, 10, 5))[0]
            seminar = Seminar(
                id=pk,
                uid=uuid.UUID(int=rng.getrandbits(128)),
                title=corpus.title(6, 12),
                cluster_id=cluster.pk,
                host_unit_id=rng.choice(self.units).pk,
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                venue="Hội trường " + corpus.title(1, 3),
                chair_name="Đại tá " + corpus.title(2, 3),
                description=corpus.paragraph(rng.randint(2, 5)),
                status=status,
                minutes=corpus.paragraph(rng.randint(5, 15)),
                questions_and_answers=corpus.paragraph(rng.randint(1, 4)),
                created_at=starts - timedelta(days=30),
                updated_at=starts,
            )
            seminars.append(seminar)
            self._count(seminar.title, seminar.description, seminar.minutes)
            for position in range(1, rng.randint(3, 7)):
                items.append(
                    AgendaItem(
                        id=len(items) + 1,
                        seminar_id=pk,
                        position=position,
                        starts_at=starts + timedelta(minutes=20 * position),
                        kind=AgendaItemKind.PRESENTATION,
                        title=corpus.title(),
                        speaker="Trung tá " + corpus.title(2, 3),
                        exemplary_model_id=rng.choice(self.published),
                    )
                )
            for rows, model_class in ((lessons, Lesson), (solutions, Solution)):
                for _ in range(rng.randint(1, 3)):
                    rows.append(
                        model_class(id=len(rows) + 1, seminar_id=pk, text=corpus.paragraph(2))
                    )
            if len(materials) < self.args.materials:
                text = corpus.paragraph(rng.randint(20, 60))
                self._count(text)
                materials.append(
                    SeminarMaterial(
                        id=len(materials) + 1,
                        seminar_id=pk,
                        title=corpus.title(3, 8),
                        file=f"seminar-materials/bench/{pk}.pdf",
                        original_name=f"trinh-bay-{pk}.pdf",
                        kind="document",
                        content_type="application/pdf",
                        size=len(text) * 3,
                        created_at=starts,
                        extracted_text=text,
                        text_extraction="done",
                        text_extracted_at=starts,
                    )
                )
        for model_class, rows in (
            (Seminar, seminars),
            (AgendaItem, items),
            (Lesson, lessons),
            (Solution, solutions),
            (SeminarMaterial, materials),
        ):
            copy_rows(model_class, rows)
        reset_sequences([Seminar, AgendaItem, Lesson, Solution, SeminarMaterial])
        self.seminar_ids = [seminar.pk for seminar in seminars]
        progress(f"{len(seminars)} seminars, {len(items)} agenda items, {len(materials)} materials")

    # --- questions and answers --------------------------------------------------------------

    def questions(self) -> None:
        from emulation_cluster.search.index import Document
        from seminars.enums import QuestionState
        from seminars.qa.models import Question
        from seminars.search.documents import QUESTION_SCORE

        corpus, rng = self.corpus, self.rng
        unit_ids = list(self.unit_name)
        # Per question (index pk - 1): model, created, hidden, title.
        self.question_info = []

        def make(pk):
            model_pk = rng.choice(self.published)
            published, _visibility, owner, _topics, model_title = self.model_info[model_pk]
            asking = rng.choice(unit_ids)
            while asking == owner:
                asking = rng.choice(unit_ids)
            created = self.when(published)
            hidden = rng.random() < 0.01
            question = Question(
                id=pk,
                exemplary_model_id=model_pk,
                owner_unit_id=owner,
                asking_unit_id=asking,
                author_id=rng.choice(self.authors),
                seminar_id=rng.choice(self.seminar_ids) if rng.random() < 0.05 else None,
                title=corpus.title(6, 14) + "?",
                body=corpus.paragraph(rng.randint(1, 4)),
                state=rng.choice(QuestionState.values),
                vote_count=rng.randrange(8),
                hidden_at=created if hidden else None,
                created_at=created,
                updated_at=created,
            )
            with fills_only():
                question.save()
            self._count(question.title, question.body)
            self.question_info.append((model_pk, created, hidden, question.title))
            if hidden:
                return question, None
            return question, Document(
                kind="question",
                object_id=pk,
                title=question.title,
                body=question.body,
                context=model_title,
                url=question.get_absolute_url(),
                occurred_at=created,
                year=created.year,
                score=QUESTION_SCORE,
                **self.model_columns(model_pk),
            )

        self._chunks(self.args.questions, make, Question, "questions")

    def answers(self) -> None:
        from emulation_cluster.search.index import Document
        from seminars.qa.models import Answer
        from seminars.search.documents import ANSWER_SCORE, OFFICIAL_ANSWER_SCORE

        corpus, rng = self.corpus, self.rng
        count = len(self.question_info)

        def make(pk):
            index = rng.randrange(count)
            model_pk, asked, question_hidden, question_title = self.question_info[index]
            official = rng.random() < 0.3
            created = asked + timedelta(hours=rng.randint(1, 400))
            hidden = rng.random() < 0.01
            body = corpus.paragraph(rng.randint(1, 4), 6, 14)
            self._count(body)
            answer = Answer(
                id=pk,
                question_id=index + 1,
                author_id=rng.choice(self.authors),
                body=body,
                is_official=official,
                official_unit_id=self.model_info[model_pk][2] if official else None,
                made_official_at=created if official else None,
                hidden_at=created if hidden else None,
                created_at=created,
                updated_at=created,
            )
            if hidden or question_hidden:
                return answer, None
            return answer, Document(
                kind="answer",
                object_id=pk,
                title=question_title,
                body=body,
                context=self.model_info[model_pk][4],
                url=answer.get_absolute_url(),
                occurred_at=created,
                year=created.year,
                score=OFFICIAL_ANSWER_SCORE if official else ANSWER_SCORE,
                **self.model_columns(model_pk),
            )

        self._chunks(self.args.answers, make, Answer, "answers")

    def question_files(self) -> None:
        from seminars.qa.models import QuestionAttachment

        corpus, rng = self.corpus, self.rng
        rows = []
        for pk, index in enumerate(
            rng.sample(range(len(self.question_info)), self.args.question_files), 1
        ):
            text = corpus.paragraph(rng.randint(10, 40))
            self._count(text)
            asked = self.question_info[index][1]
            rows.append(
                QuestionAttachment(
                    id=pk,
                    question_id=index + 1,
                    title=corpus.title(3, 8),
                    file=f"question-attachments/bench/{pk}.pdf",
                    original_name=f"bao-cao-{pk}.pdf",
                    kind="document",
                    content_type="application/pdf",
                    size=len(text) * 3,
                    created_at=asked,
                    extracted_text=text,
                    text_extraction="done",
                    text_extracted_at=asked,
                )
            )
        copy_rows(QuestionAttachment, rows)
        reset_sequences([QuestionAttachment])
        progress(f"{len(rows)} question attachments")

    def small_kinds(self) -> None:
        """The kinds of a few thousand rows: by the app's own ``documents()``."""
        from emulation_cluster.search import registry

        started = time.perf_counter()
        for name in ("seminar", "material", "attachment", "question_attachment"):
            self.staging.add_kind(registry.kind(name))
        progress(f"seminar and file documents ({time.perf_counter() - started:.0f} s)")

    def search_documents(self) -> dict[str, int]:
        """Every document into the search table, its indexes built once after."""
        from django.db import connection

        from emulation_cluster.search.models import SearchDocument

        started = time.perf_counter()
        later = [i for i in SearchDocument._meta.indexes if i.name != "search_document_model"]
        with connection.schema_editor() as editor:
            for search_index in later:
                editor.remove_index(SearchDocument, search_index)
        self.staging.insert()
        progress(f"search documents inserted ({time.perf_counter() - started:.0f} s)")
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
        with connection.schema_editor() as editor:
            for search_index in later:
                editor.add_index(SearchDocument, search_index)
        progress(f"search indexes built ({time.perf_counter() - started:.0f} s)")
        return dict(self.staging.counts)


def verify_fills(sample: int = 20) -> None:
    """The COPYed rows hold what a real ``save()`` writes (then rolled back)."""
    from django.db import transaction

    from models_registry.models import ExemplaryModel
    from seminars.qa.models import Question

    checked = 0
    for model, columns in (
        (ExemplaryModel, ("title_sort_key", "search_title", "search_body", "search_vector")),
        (Question, ("search_title", "search_body", "search_vector")),
    ):
        pks = list(model.objects.order_by("?").values_list("pk", flat=True)[:sample])
        with transaction.atomic():
            before = {
                row["pk"]: row for row in model.objects.filter(pk__in=pks).values("pk", *columns)
            }
            for obj in model.objects.filter(pk__in=pks):
                obj.save()
            after = {
                row["pk"]: row for row in model.objects.filter(pk__in=pks).values("pk", *columns)
            }
            transaction.set_rollback(True)
        if before != after:
            raise SystemExit(f"{model.__name__}: the bench's columns differ from save()'s")
        checked += len(pks)
    progress(f"{checked} rows: search columns as save() fills them")


def verify_documents(sample: int = 25) -> None:
    """The documents written in bulk are what the app's hooks write on ``save()``."""
    from django.db import transaction

    from emulation_cluster.search import registry
    from emulation_cluster.search.models import SearchDocument

    columns = [f.attname for f in SearchDocument._meta.concrete_fields if f.attname != "id"]
    for kind in registry.kinds():
        pks = list(
            SearchDocument.objects.filter(kind=kind.name)
            .order_by("?")
            .values_list("object_id", flat=True)[:sample]
        )
        with transaction.atomic():
            rows = SearchDocument.objects.filter(kind=kind.name, object_id__in=pks)
            before = sorted(rows.values_list(*columns))
            for obj in kind.model._default_manager.filter(pk__in=pks):
                obj.save()
            after = sorted(rows.values_list(*columns))
            transaction.set_rollback(True)
        if before != after:
            raise SystemExit(f"{kind.name}: the bench's documents differ from the hooks' ones")
    progress("search documents as the save() hooks write them")
