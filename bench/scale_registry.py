"""100,000 exemplary models (32,000 in CATP Hà Nội's tree), topics, partners, replications and
indicators, written by COPY through ``ExemplaryModel.save()``'s own filling (``scale_copy``)."""

from datetime import UTC, date, datetime, timedelta

from bench.common import PHRASES, TOPICS, paragraph, sentence

COMMON_PHRASE = "tuần tra"  # in about a third of the models
RARE_PHRASE = "khinh khí cầu"  # in one model in a thousand
TITLE_HEADS = ["Mô hình", "Mệnh lệnh", "Chuyên đề", "Sáng kiến", "Tổ", "Câu lạc bộ"]
PARTNERS = ["Hội Phụ nữ", "Đoàn Thanh niên", "Hội Cựu chiến binh", "Mặt trận Tổ quốc", "Viettel"]
FIRST_PUBLISHED = datetime(2019, 1, 1, 8, 0, tzinfo=UTC)
BATCH = 10_000
HANOI_SHARE = 0.32  # of the models, owned in CATP Hà Nội's tree
HANOI_CITY_SHARE = 0.125  # of Hà Nội's models, owned by the city department itself


def owner_picker(rng, units):
    """A function choosing owner units: 32 % in Hà Nội's tree (an eighth by the city itself)."""
    from emulation_cluster.enums import UnitKind

    hanoi = [unit for unit in units if unit.city == "Hà Nội"]
    hanoi_city = next(unit for unit in hanoi if unit.kind == UnitKind.CITY)
    hanoi_sub = [unit for unit in hanoi if unit.pk != hanoi_city.pk]
    others = [unit for unit in units if unit.city != "Hà Nội"]
    other_cities = [unit for unit in others if unit.kind == UnitKind.CITY]

    def pick():
        draw = rng.random()
        if draw < HANOI_SHARE * HANOI_CITY_SHARE:
            return hanoi_city
        if draw < HANOI_SHARE:
            return rng.choice(hanoi_sub)
        if draw < HANOI_SHARE + 0.06:
            return rng.choice(other_cities)
        return rng.choice(others)

    return pick


def new_model(rng, number, owner, model_id):
    from django.utils.text import slugify

    from emulation_cluster.enums import Visibility
    from emulation_cluster.vietnamese import fold
    from models_registry.enums import ModelKind, ModelStatus
    from models_registry.models import ExemplaryModel

    head = rng.choice(TITLE_HEADS)
    phrases = rng.sample(PHRASES, 3)
    if rng.random() < 0.3:
        phrases[rng.randrange(3)] = COMMON_PHRASE
    if number % 1000 == 500:
        phrases[0] = RARE_PHRASE
    title = f"{head} {' '.join(phrases)} {number % 100:02d}"
    created = FIRST_PUBLISHED + timedelta(minutes=number * 41)
    published = None if rng.random() < 0.04 else created + timedelta(hours=rng.randint(1, 72))
    started_on = None
    if rng.random() < 0.85:
        started_on = date(2015, 1, 1) + timedelta(days=rng.randrange(11 * 365))
    return ExemplaryModel(
        id=model_id,
        title=title,
        slug=f"{slugify(fold(title))[:100]}-s{number}",
        kind=rng.choice(ModelKind.values),
        owner_unit_id=owner.pk,
        status=rng.choice(ModelStatus.values),
        started_on=started_on,
        visibility=rng.choices(
            (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.RESTRICTED), weights=(25, 70, 5)
        )[0],
        summary=paragraph(rng, rng.randint(1, 3))[:2000],
        problem=paragraph(rng, rng.randint(1, 3)),
        objectives=paragraph(rng, 1),
        how_it_works=paragraph(rng, rng.randint(2, 4)),
        resources_and_cost=sentence(rng, 8),
        results=paragraph(rng, rng.randint(1, 3)),
        lessons_learned=paragraph(rng, 1),
        replication_conditions=sentence(rng, 8),
        has_guide=rng.random() < 0.6,
        training_offered=rng.random() < 0.4,
        cost_known=rng.random() < 0.5,
        contact_name=rng.choice(["", "Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Cường"]),
        contact_details=rng.choice(["", "0243 123 4567", "lienhe@demo.invalid"]),
        published_at=published,
        created_at=created,
        updated_at=published or created,
    )


def seed_topics_and_partners():
    from django.utils.text import slugify

    from emulation_cluster.models import Partner
    from emulation_cluster.vietnamese import fold
    from models_registry.models import Topic

    for name in TOPICS:
        Topic.objects.get_or_create(slug=slugify(fold(name)), defaults={"name": name})
    for name in PARTNERS:
        Partner.objects.get_or_create(slug=slugify(fold(name)), defaults={"name": name})
    return list(Topic.objects.order_by("id")), list(Partner.objects.order_by("id"))


def seed_models(rng, target: int, progress):
    """``target`` models with their topics, partners, replications and indicators."""
    from bench.scale_copy import CopyWriter
    from emulation_cluster.models import Unit
    from models_registry.enums import ReplicationState
    from models_registry.models import ExemplaryModel, Indicator, Replication

    topics, partners = seed_topics_and_partners()
    units = list(Unit.objects.order_by("id"))
    pick_owner = owner_picker(rng, units)
    writers = {
        "models": CopyWriter(ExemplaryModel),
        "topics": CopyWriter(ExemplaryModel.topics.through),
        "partners": CopyWriter(ExemplaryModel.partners.through),
        "replications": CopyWriter(Replication),
        "indicators": CopyWriter(Indicator),
    }
    for first in range(0, target, BATCH):
        models, topic_links, partner_links, replications, indicators = [], [], [], [], []
        for number in range(first, min(first + BATCH, target)):
            model = new_model(rng, number, pick_owner(), writers["models"].take_id())
            models.append(model)
            for topic in rng.sample(topics, rng.randint(1, 3)):
                topic_links.append({"exemplarymodel_id": model.id, "topic_id": topic.id})
            if rng.random() < 0.1:
                partner_links.append(
                    {"exemplarymodel_id": model.id, "partner_id": rng.choice(partners).id}
                )
            if rng.random() < 0.5:
                for position in range(rng.randint(1, 3)):
                    baseline = rng.randint(10, 500)
                    indicators.append(
                        {
                            "id": writers["indicators"].take_id(),
                            "exemplary_model_id": model.id,
                            "name": f"Số vụ {rng.choice(PHRASES)}",
                            "unit_of_measure": "vụ",
                            "baseline": baseline,
                            "result": max(0, baseline - rng.randint(0, baseline)),
                            "period": "12 tháng",
                            "source": "Báo cáo của đơn vị",
                            "position": position,
                        }
                    )
            if model.published_at and rng.random() < 0.15:
                for adopter in rng.sample(units, rng.randint(1, 4)):
                    if adopter.pk == model.owner_unit_id:
                        continue
                    replication = {
                        "id": writers["replications"].take_id(),
                        "exemplary_model_id": model.id,
                        "adopting_unit_id": adopter.pk,
                        "state": rng.choice(ReplicationState.values),
                        "started_on": model.started_on,
                        "adaptations": sentence(rng, 10),
                        "created_at": model.published_at,
                        "updated_at": model.published_at,
                    }
                    replications.append(replication)
                    if replication["state"] == ReplicationState.IN_USE and rng.random() < 0.7:
                        indicators.append(
                            {
                                "id": writers["indicators"].take_id(),
                                "replication_id": replication["id"],
                                "name": f"Số vụ {rng.choice(PHRASES)}",
                                "baseline": rng.randint(20, 200),
                                "result": rng.randint(0, 20),
                                "period": "6 tháng",
                            }
                        )
        writers["models"].write(models)
        writers["topics"].write(topic_links)
        writers["partners"].write(partner_links)
        writers["replications"].write(replications)
        writers["indicators"].write(indicators)
        progress(f"  models {min(first + BATCH, target)}/{target}")
    for writer in writers.values():
        writer.finish()
    return {name: writer.written for name, writer in writers.items()}
