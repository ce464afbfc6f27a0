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
