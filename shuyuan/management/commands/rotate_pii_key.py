from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.audit import log
from shuyuan.keys import reencrypt

BATCH = 1000


def encrypted_fields(model: type[models.Model]) -> list[str]:
    # Every domain names its encrypted columns *_encrypted (readers, guardians, later volunteers).
    return [f.name for f in model._meta.concrete_fields if f.name.endswith("_encrypted")]


class Command(BaseCommand):
    help = (
        "Encrypt every stored ID number, phone and address again with the first personal-data key, "
        "so that older keys can then be removed from SHUYUAN_PII_KEY / var/pii_key."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if fields:
                total += self.rotate(model, fields)
        self.stdout.write(_("Encrypted again with the newest key: %(n)d rows.") % {"n": total})

    def rotate(self, model: type[models.Model], fields: list[str]) -> int:
        done, last = 0, 0
        while True:
            with transaction.atomic(durable=True):
                rows = list(model._default_manager.select_for_update().filter(pk__gt=last).order_by("pk")[:BATCH])
                if not rows:
                    return done
                for row in rows:
                    for name in fields:
                        value = getattr(row, name)
                        if value:
                            try:
                                setattr(row, name, reencrypt(value))
                            except Exception as exc:
                                raise CommandError(
                                    _("Row %(pk)s of %(model)s cannot be decrypted with any configured key.")
                                    % {"pk": row.pk, "model": model._meta.label}
                                ) from exc
                model._default_manager.bulk_update(rows, fields)
                log.record(
                    "system.rotate_pii_key",
                    at=timezone.now(),
                    by=None,
                    detail={"model": model._meta.label, "rows": len(rows)},
                )
            done, last = done + len(rows), rows[-1].pk
