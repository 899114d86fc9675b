"""API tokens expire: existing tokens get the default lifetime counted from their creation."""

from datetime import timedelta

from django.db import migrations, models

import mostovi.accounts.models

DEFAULT_LIFETIME_DAYS = 90


def set_expiry(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.filter(expires_at__isnull=True).only("pk", "created_at"):
        token.expires_at = token.created_at + timedelta(days=DEFAULT_LIFETIME_DAYS)
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_membership_expected_end_on")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.RunPython(set_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(
                default=mostovi.accounts.models.api_token_expiry, verbose_name="expires at"
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("owner", "revoked by its owner"),
                    ("password", "the password changed"),
                    ("membership_ended", "a membership ended"),
                    ("deactivated", "the account was deactivated"),
                ],
                max_length=20,
                verbose_name="why it was revoked",
            ),
        ),
    ]
