"""The triggers behind circulation's configuration token (``circulation.configuration``, migration
0004): any write to the policy, the loan rules, the holidays, the closures or the branches replaces
the token, so that every process reads the configuration again. Declared here so that
``shuyuan.checks`` can find them missing and install them again; a trigger put back also replaces
the token, since writes made while it was gone changed nothing."""

from shuyuan.triggers import Trigger

WATCHED = (
    "circulation_circulationpolicy",
    "circulation_loanrule",
    "branches_publicholiday",
    "branches_closure",
    "branches_branch",
)
# A new random token, inserted if the row is missing (a test database's flush deletes it).
BUMP = {
    "sqlite": "INSERT INTO circulation_settingsversion (id, token) VALUES (1, random() / 2) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token",
    "postgresql": "INSERT INTO circulation_settingsversion (id, token) "
    "VALUES (1, floor(random() * 9007199254740991)::bigint) ON CONFLICT (id) DO UPDATE SET token = excluded.token",
}
FUNCTION = (
    "CREATE OR REPLACE FUNCTION circulation_settings_changed() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN {BUMP['postgresql']}; RETURN NULL; END $$"
)

TRIGGERS = {
    "sqlite": tuple(
        Trigger(
            f"{table}_{event.lower()}_changes_settings",
            table,
            (
                f"CREATE TRIGGER {table}_{event.lower()}_changes_settings AFTER {event} ON {table} "
                f"BEGIN {BUMP['sqlite']}; END",
            ),
            repair=(BUMP["sqlite"],),
            uses=("circulation_settingsversion",),
        )
        for table in WATCHED
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
    "postgresql": tuple(
        Trigger(
            f"{table}_changes_settings",
            table,
            (
                FUNCTION,
                f"CREATE TRIGGER {table}_changes_settings AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION circulation_settings_changed()",
            ),
            repair=(BUMP["postgresql"],),
            uses=("circulation_settingsversion",),
        )
        for table in WATCHED
    ),
}
