"""The audit log is append-only in the database too (migration 0002): triggers refuse updates (and,
on PostgreSQL, row deletes; SQLite keeps DELETE possible because Django's test flush empties tables
with it), except while a redaction permit row exists (migration 0004, ``audit.services``). Declared
here so that ``shuyuan.checks`` can find them missing and install them again."""

from shuyuan.triggers import Trigger

TABLE = "audit_auditentry"

TRIGGERS = {
    "sqlite": (
        Trigger(
            "audit_no_update",
            TABLE,
            (
                f"CREATE TRIGGER audit_no_update BEFORE UPDATE ON {TABLE} "
                "WHEN NOT EXISTS (SELECT 1 FROM audit_redactionpermit) "
                "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
            ),
            uses=("audit_redactionpermit",),
        ),
    ),
    "postgresql": (
        Trigger(
            "audit_no_change",
            TABLE,
            (
                "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN "
                "IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM audit_redactionpermit) THEN RETURN NEW; END IF; "
                "RAISE EXCEPTION 'audit log is append-only'; END $$",
                f"CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
                "FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
            ),
            uses=("audit_redactionpermit",),
        ),
    ),
}
