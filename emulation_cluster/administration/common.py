"""What the administration's writes share: slugs made from names, and "is this row still used"."""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from emulation_cluster.vietnamese import fold

SLUG_LENGTH = 70


def unique_slug(model_class, text: str, fallback: str) -> str:
    """A free slug made from ``text`` ("Công an phường Xuân Hà" → "cong-an-phuong-xuan-ha")."""
    base = slugify(fold(text))[:SLUG_LENGTH].strip("-") or fallback
    slug, n = base, 2
    while model_class.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def refuse_taken_name(model_class, name: str, *, instance=None) -> None:
    """Two rows of the same name would be told apart by nobody choosing from a list."""
    others = model_class.objects.filter(name__iexact=name.strip())
    if instance is not None:
        others = others.exclude(pk=instance.pk)
    if others.exists():
        raise ValidationError({"name": _("“%(name)s” already exists.") % {"name": name}})


def uses_of(instance) -> list[tuple[str, int]]:
    """(what, how many) of every kind of row that points at ``instance`` (models that name a
    partner, a topic...). Read through the relations Django knows, so that this app need not
    import the apps that use its rows."""
    uses = []
    for relation in instance._meta.related_objects:
        accessor = relation.get_accessor_name()
        if relation.hidden or relation.one_to_one or not accessor:
            continue
        count = getattr(instance, accessor).count()
        if count:
            uses.append((str(relation.related_model._meta.verbose_name_plural), count))
    return uses


def refuse_if_used(instance) -> None:
    """A row in use is not deleted: what uses it would silently lose it."""
    uses = uses_of(instance)
    if uses:
        listed = ", ".join(f"{what} ({count})" for what, count in uses)
        raise ValidationError(
            _("“%(name)s” cannot be deleted: it is still used by %(uses)s. Edit it instead.")
            % {"name": instance, "uses": listed}
        )
