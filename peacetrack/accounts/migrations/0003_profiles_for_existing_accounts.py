"""Accounts that existed before profiles: the earliest account becomes organiser and site
administrator (as the first account of a new server is), every current lead mediator an
organiser (they could open cases before), and tokens without an expiry get the default one."""

import datetime

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    User = apps.get_model("auth", "User")
    Profile = apps.get_model("accounts", "Profile")
    Membership = apps.get_model("cases", "Membership")
    ApiToken = apps.get_model("accounts", "ApiToken")
    # The migration's own connection (with MIGRATION_DATABASE_URL it is not "default").
    db = schema_editor.connection.alias
    first = User.objects.using(db).order_by("date_joined", "pk").first()
    leads = set(
        Membership._base_manager.using(db).filter(role="lead").values_list("user_id", flat=True)
    )
    for user in User.objects.using(db).all():
        Profile.objects.using(db).get_or_create(
            user=user,
            defaults={
                "is_organiser": user.pk in leads or (first is not None and user.pk == first.pk),
                "is_site_admin": first is not None and user.pk == first.pk,
            },
        )
    expiry = timezone.now() + datetime.timedelta(days=90)
    ApiToken.objects.using(db).filter(expires_at__isnull=True).update(expires_at=expiry)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_securityevent_apitoken_expires_at_profile"),
        ("cases", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
