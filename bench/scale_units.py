"""The cluster at the scale of issue 15: five cities, 423 units, 6,000 people with their roles.

Units go through ``Unit.save()`` (423 rows); people and memberships by COPY (``CopyWriter``).
CATP Hà Nội is the largest tree: the city, 30 districts, 180 wards.
"""

import functools
from datetime import UTC, date, datetime, timedelta

from bench.common import unit_get_or_create

HANOI = "Hà Nội"
HANOI_DISTRICTS = [
    "Ba Đình",
    "Hoàn Kiếm",
    "Tây Hồ",
    "Long Biên",
    "Cầu Giấy",
    "Đống Đa",
    "Hai Bà Trưng",
    "Hoàng Mai",
    "Thanh Xuân",
    "Nam Từ Liêm",
    "Bắc Từ Liêm",
    "Hà Đông",
    "Sơn Tây",
    "Ba Vì",
    "Phúc Thọ",
    "Đan Phượng",
    "Hoài Đức",
    "Quốc Oai",
    "Thạch Thất",
    "Chương Mỹ",
    "Thanh Oai",
    "Thường Tín",
    "Phú Xuyên",
    "Ứng Hòa",
    "Mỹ Đức",
    "Đông Anh",
    "Gia Lâm",
    "Sóc Sơn",
    "Mê Linh",
    "Thanh Trì",
]
OTHER_CITIES = {
    "Hồ Chí Minh": [
        "Quận 1",
        "Quận 3",
        "Quận 5",
        "Bình Thạnh",
        "Thủ Đức",
        "Gò Vấp",
        "Tân Bình",
        "Phú Nhuận",
    ],
    "Hải Phòng": [
        "Hồng Bàng",
        "Lê Chân",
        "Ngô Quyền",
        "Hải An",
        "Kiến An",
        "Đồ Sơn",
        "Dương Kinh",
        "Thủy Nguyên",
    ],
    "Đà Nẵng": [
        "Hải Châu",
        "Sơn Trà",
        "Thanh Khê",
        "Liên Chiểu",
        "Ngũ Hành Sơn",
        "Cẩm Lệ",
        "Hòa Vang",
        "Hoàng Sa",
    ],
    "Cần Thơ": [
        "Ninh Kiều",
        "Bình Thủy",
        "Cái Răng",
        "Ô Môn",
        "Thốt Nốt",
        "Phong Điền",
        "Cờ Đỏ",
        "Vĩnh Thạnh",
    ],
}
WARD_NAMES = [
    "Phúc Xá",
    "Trúc Bạch",
    "Điện Biên",
    "Hàng Bạc",
    "Tràng Tiền",
    "Dịch Vọng",
    "Nghĩa Đô",
    "Yên Hòa",
    "Bến Nghé",
    "Đa Kao",
    "Linh Chiểu",
    "Thảo Điền",
    "Minh Khai",
    "Quang Trung",
    "An Biên",
    "Lạch Tray",
    "Thạch Thang",
    "Mân Thái",
    "An Hòa",
    "Cái Khế",
]
USERS_PER_UNIT = 14
USERS_OF_HANOI_CITY = 200
BENCH_PASSWORD_HASH = "!bench-no-password"  # unusable: the bench signs in with sessions
FIRST_JOINED = datetime(2020, 1, 1, tzinfo=UTC)


def ward_count(city: str, index: int) -> int:
    return 6 if city == HANOI else 5 + index % 2


def seed_units():
    """The cluster, its term and the 423 units (``save()`` fills the sort keys)."""
    from emulation_cluster.enums import UnitKind
    from emulation_cluster.models import Cluster, ClusterTerm

    cluster, _ = Cluster.objects.get_or_create(
        slug="cum-thi-dua-so-1", defaults={"name": "Cụm thi đua số 1", "short_name": "Cụm 1"}
    )

    unit = functools.partial(unit_get_or_create, cluster)

    cities = []
    for city, districts in {HANOI: HANOI_DISTRICTS, **OTHER_CITIES}.items():
        city_unit = unit(f"Công an thành phố {city}", f"CATP {city}", UnitKind.CITY, None, city)
        cities.append(city_unit)
        for index, district in enumerate(districts):
            district_unit = unit(
                f"Công an quận {district}, {city}",
                f"CAQ {district} {city}",
                UnitKind.DISTRICT,
                city_unit,
                city,
            )
            for number in range(ward_count(city, index)):
                ward = WARD_NAMES[(index * 7 + number) % len(WARD_NAMES)]
                unit(
                    f"Công an phường {ward} {number + 1}, quận {district}, {city}",
                    f"CAP {ward} {number + 1} {district} {city}",
                    UnitKind.WARD,
                    district_unit,
                    city,
                )
    term, created = ClusterTerm.objects.get_or_create(
        cluster=cluster,
        year=date.today().year,
        defaults={"head_unit": cities[0], "deputy_unit": cities[1]},
    )
    if created:
        term.member_units.set(cities)
    return cluster


def seed_people(rng):
    """About 6,000 people, one membership each: in every unit an editor, an organizer and an
    administrator first, members after; plus the bench's own ``bench-member`` (a ward of Hà Nội)
    and ``bench-editor`` (CATP Hà Nội, the largest unit)."""
    from django.contrib.auth import get_user_model

    from bench.scale_copy import CopyWriter
    from emulation_cluster.enums import Role, UnitKind
    from emulation_cluster.models import Membership, Unit

    user_model = get_user_model()
    users, memberships = CopyWriter(user_model), CopyWriter(Membership)
    roles = [Role.EDITOR, Role.ORGANIZER, Role.ADMIN]
    people, links = [], []
    hanoi_city = Unit.objects.get(kind=UnitKind.CITY, city=HANOI)
    hanoi_ward = Unit.objects.filter(kind=UnitKind.WARD, city=HANOI).order_by("id").first()
    bench_people = [
        ("bench-member", hanoi_ward, Role.MEMBER),
        ("bench-editor", hanoi_city, Role.EDITOR),
    ]

    def person(username, unit, role):
        joined = FIRST_JOINED + timedelta(minutes=rng.randrange(2_000_000))
        user = user_model(
            id=users.take_id(),
            username=username,
            email=f"{username}@bench.invalid",
            password=BENCH_PASSWORD_HASH,
            first_name=rng.choice(["An", "Bình", "Cường", "Dung", "Hải", "Lan", "Minh", "Thảo"]),
            last_name=rng.choice(["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng"]),
            date_joined=joined,
            is_active=True,
        )
        people.append(user)
        links.append(
            Membership(
                id=memberships.take_id(),
                user_id=user.id,
                unit_id=unit.id,
                role=role,
                created_at=joined,
                updated_at=joined,
            )
        )

    for unit in Unit.objects.order_by("id"):
        count = USERS_OF_HANOI_CITY if unit.pk == hanoi_city.pk else USERS_PER_UNIT
        for number in range(count):
            role = roles[number] if number < len(roles) else Role.MEMBER
            person(f"u{unit.pk}-{number}", unit, role)
    for username, unit, role in bench_people:
        person(username, unit, role)
    users.write(people)
    memberships.write(links)
    users.finish()
    memberships.finish()
    return len(people)
