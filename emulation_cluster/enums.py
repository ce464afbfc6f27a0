from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UnitKind(models.TextChoices):
    CITY = "city", _("City police department")
    DISTRICT = "district", _("District police")
    WARD = "ward", _("Ward or commune police")


class Role(models.TextChoices):
    MEMBER = "member", pgettext_lazy("role", "Member")
    EDITOR = "editor", pgettext_lazy("role", "Editor")
    ORGANIZER = "organizer", pgettext_lazy("role", "Organizer")
    ADMIN = "admin", pgettext_lazy("role", "Unit administrator")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone")
    MEMBERS = "members", _("Members of the cluster")
    RESTRICTED = "restricted", _("Restricted: the owner unit and cluster administrators")


class AuditAction(models.TextChoices):
    CREATE = "create", pgettext_lazy("audit action", "Created")
    CHANGE = "change", pgettext_lazy("audit action", "Changed")
    PUBLISH = "publish", pgettext_lazy("audit action", "Published")
    UNPUBLISH = "unpublish", pgettext_lazy("audit action", "Back to draft")
    VERIFY = "verify", pgettext_lazy("audit action", "Verified")
    ARCHIVE = "archive", pgettext_lazy("audit action", "Archived")
    DELETE = "delete", pgettext_lazy("audit action", "Removed")
    REVOKE = "revoke", pgettext_lazy("audit action", "Revoked")
    ACCEPT = "accept", pgettext_lazy("audit action", "Accepted")
    HIDE = "hide", pgettext_lazy("audit action", "Hidden")
