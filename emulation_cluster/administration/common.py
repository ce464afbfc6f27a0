"""What the administration's writes share: slugs made from names, "is this row still used", and
the save and delete of a named entry of a list (a partner, a topic), audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from emulation_cluster import audit
from emulation_cluster.enums import AuditAction
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


@transaction.atomic
def entry_save(model_class, *, instance, fields: dict, fallback_slug: str, actor):
    """Create (``instance`` None) or change a named entry with ``fields`` (its name among them,
    all audited); the address is made from the name once, so that links survive a rename."""
    refuse_taken_name(model_class, fields["name"], instance=instance)
    audited = list(fields)
    creating = instance is None
    if creating:
        instance = model_class(
            slug=unique_slug(model_class, fields["name"], fallback=fallback_slug)
        )
        before = {}
    else:
        instance = model_class.objects.select_for_update().get(pk=instance.pk)
        before = audit.snapshot(instance, audited)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save()
    changes = audit.diff(before, audit.snapshot(instance, audited))
    if changes:
        action = AuditAction.CREATE if creating else AuditAction.CHANGE
        audit.record(actor=actor, action=action, target=instance, changes=changes)
    return instance


@transaction.atomic
def entry_delete(instance, *, audited: list[str], actor) -> None:
    """Only an entry nothing uses is deleted (``refuse_if_used`` says what does)."""
    instance = type(instance).objects.select_for_update().get(pk=instance.pk)
    refuse_if_used(instance)
    before = audit.snapshot(instance, audited)
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        target=instance,
        changes={name: [value, None] for name, value in before.items() if value},
    )
    instance.delete()
