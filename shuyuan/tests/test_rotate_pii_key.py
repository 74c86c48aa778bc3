from cryptography.fernet import Fernet
from django.core.management import call_command

from shuyuan import keys
from shuyuan.audit.models import AuditEntry
from shuyuan.patrons.models import Patron
from shuyuan.testing.patrons import make_patron, resident_id


def test_rotation_reencrypts_readers_so_that_the_old_key_can_go(db, monkeypatch):
    old = keys.key_text("pii_key").split(",")[0]
    number = resident_id()
    patron = make_patron(id_number=number)
    before = Patron.objects.get(pk=patron.pk).id_number_encrypted
    new = Fernet.generate_key().decode()
    try:
        monkeypatch.setenv("SHUYUAN_PII_KEY", f"{new},{old}")
        keys.forget_keys()
        call_command("rotate_pii_key", stdout=open("/dev/null", "w"))
        after = Patron.objects.get(pk=patron.pk).id_number_encrypted
        assert after != before
        monkeypatch.setenv("SHUYUAN_PII_KEY", new)
        keys.forget_keys()
        assert keys.decrypt(after) == number
        assert AuditEntry.objects.filter(action="system.rotate_pii_key").exists()
    finally:
        monkeypatch.undo()
        keys.forget_keys()
