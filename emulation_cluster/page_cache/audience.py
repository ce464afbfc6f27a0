"""Who a kept page is for: every visitor, an *audience* of signed-in people, or one person.

The rules, the menus and every list a page shows read the person through one object,
``permissions.reading`` (``emulation_cluster/reading.py``): whether they administer the
cluster, their active memberships with their roles and the units below them, and whether
demo data is loaded; and ``user.is_superuser`` beside it. Two people whose readings are equal
read the same page, except its personal parts (filled in on the way out, ``personal``) and
what a page shows of the person themselves (their votes, follows, their own posts' edit
links, a seminar's chair): those pages are kept per person (``PERSONAL`` in the middleware).

The key of an audience hashes those facts: the superuser and administrator flags, the demo
flag, the (unit, role) pairs of the active memberships, the units of their trees, and the
roles' generation read with the session (``session_store``), which moves on every write to
memberships, administrators, the unit tree and the demo flag. Two members of the same unit
with the same role share kept pages; a member of another unit, an editor, an administrator
never get them, and a change of role or an archived membership moves the person to another
audience on their next request.
"""

import hashlib

from emulation_cluster.permissions import cached, reading


def reader_key(request, *, per_person: bool) -> str:
    """The part of a page's key that says who reads it ("" for a visitor)."""
    user = request.user
    if not user.is_authenticated:
        return ""
    key = cached(user, "page_audience", lambda: _audience(request, user))
    return f"{key}:{user.pk}" if per_person else key


def _audience(request, user) -> str:
    found = reading(user)
    facts = [
        f"superuser={user.is_superuser}",
        f"admin={found.is_cluster_admin}",
        f"demo={found.demo_data_present}",
        f"generation={getattr(request.session, 'roles_generation', None)}",
    ]
    for unit_id, (role, tree) in sorted(found.trees.items()):
        facts.append(f"{unit_id}:{role}:{','.join(map(str, sorted(tree)))}")
    digest = hashlib.sha256("\n".join(facts).encode()).hexdigest()[:32]
    return f"members:{digest}"
