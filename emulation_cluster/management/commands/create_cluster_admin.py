"""Create the first cluster administrator (who then invites everyone else)."""

import getpass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from emulation_cluster.models import Cluster


class Command(BaseCommand):
    help = "Create (or promote) a cluster administrator, who may also use the Django admin."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--password", help="Asked for interactively when not given.")
        parser.add_argument("--cluster", help="Slug of the cluster (default: the only one).")
        parser.add_argument("--name", default="", help="Full name, rank and position.")

    @transaction.atomic
    def handle(self, *args, email, password, cluster, name, **options):
        clusters = Cluster.objects.filter(slug=cluster) if cluster else Cluster.objects.all()
        if clusters.count() != 1:
            raise CommandError("Name the cluster with --cluster (load it first, e.g. load_demo).")
        email = email.strip().lower()
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            user = get_user_model()(username=email, email=email, first_name=name)
        if password is None and user.pk is None:
            password = getpass.getpass("Password: ")
        if password is not None:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            user.set_password(password)
        user.is_staff = user.is_superuser = True
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        clusters.get().administrators.add(user)
        self.stdout.write(
            self.style.SUCCESS(
                f"{email} administers {clusters.get()}. Two-factor authentication is set up "
                "at the first login."
            )
        )
