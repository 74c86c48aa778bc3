# The search index's tables as shuyuan/catalog/search/backends/{sqlite,postgresql,pg_grams}.py
# describe them; what is indexed so far is carried over.
#
# SQLite: identifier keys and facet values leave their B-tree tables (search_key, search_facet) for
# FTS5: keys as tokens of a table of their own (search_ids), facet values as tokens of a new column
# of search_grams. An import batch of random keys rewrote leaf pages all over those B-trees; FTS5
# appends a segment.
#
# PostgreSQL: search_gram, the characters and pairs of each record's text in a plain B-tree, and
# search_facet_set, the combinations of facet values that records share.

from django.db import migrations

# As shuyuan.catalog.search.text._CJK (a copy: a migration keeps its own).
CJK = (
    "\u2e80-\u2fff\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0003134f"
)

ALL = "title, author, publisher, subject, series, title_py, author_py"


SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_ids USING fts5(tokens, tokenize = 'ascii', detail = 'none')",
    "INSERT INTO search_ids (rowid, tokens) SELECT record_id, group_concat('k' || lower(hex(key)), ' ') "
    "FROM search_key GROUP BY record_id",
    f"""CREATE VIRTUAL TABLE search_grams_new USING fts5(
        {ALL}, facets, tokenize = 'unicode61', detail = 'column', prefix = '1 2'
    )""",
    f"INSERT INTO search_grams_new (rowid, {ALL}, facets) SELECT g.rowid, {ALL}, "
    "coalesce((SELECT group_concat('f' || lower(hex(f.value)), ' ') FROM search_facet f "
    "WHERE f.record_id = g.rowid), '') FROM search_grams g",
    "DROP TABLE search_grams",
    "ALTER TABLE search_grams_new RENAME TO search_grams",
    "DROP TABLE search_key",
    "DROP TABLE search_facet",
]

# Back to the tables of 0100, empty: `shuyuan rebuild_search_index` fills them again.
SQLITE_BACKWARD = [
    "DROP TABLE search_ids",
    "DROP TABLE search_grams",
    f"CREATE VIRTUAL TABLE search_grams USING fts5({ALL}, tokenize = 'unicode61', detail = 'column', prefix = '1 2')",
    """CREATE TABLE search_key (
        key TEXT NOT NULL, record_id INTEGER NOT NULL, PRIMARY KEY (key, record_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX search_key_record ON search_key (record_id)",
    """CREATE TABLE search_facet (
        record_id INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (record_id, value)
    ) WITHOUT ROWID""",
    "CREATE INDEX search_facet_value ON search_facet (value, record_id)",
    "DELETE FROM search_text",
    "DELETE FROM search_doc",
]


POSTGRESQL_FORWARD = [
    """CREATE TABLE search_facet_set (
        id serial PRIMARY KEY, key text COLLATE "C" NOT NULL UNIQUE, facets text[] NOT NULL
    )""",
    "CREATE INDEX search_facet_set_facets ON search_facet_set USING gin (facets)",
    """CREATE TABLE search_gram (
        token text COLLATE "C" NOT NULL,
        record_id bigint NOT NULL,
        mask smallint NOT NULL,
        facet_set integer NOT NULL,
        PRIMARY KEY (token, record_id) INCLUDE (mask, facet_set)
    )""",
    "CREATE INDEX search_gram_record ON search_gram (record_id)",
    # Per-character estimates: a join of two terms is planned by how common each is.
    "ALTER TABLE search_gram ALTER COLUMN token SET STATISTICS 1000",
    "INSERT INTO search_facet_set (key, facets) SELECT DISTINCT array_to_string(facets, E'\\t'), facets "
    "FROM search_doc ON CONFLICT (key) DO NOTHING",
    # The '*' lexemes of search_doc.grams are the tokens of every text column; the characters and
    # pairs among them, found again in each column's normalized text, give the mask.
    "INSERT INTO search_gram (token, record_id, mask, facet_set) SELECT t.token, d.record_id, "
    + " | ".join(f"(CASE WHEN strpos(d.{column}, t.token) > 0 THEN {bit} ELSE 0 END)" for column, bit in (
        ("title", 1), ("author", 2), ("publisher", 4), ("subject", 8), ("series", 16)
    ))
    + ", s.id FROM search_doc d JOIN search_facet_set s ON s.key = array_to_string(d.facets, E'\\t'), "
    "LATERAL (SELECT substr(l, 2) AS token FROM unnest(tsvector_to_array(d.grams)) l WHERE l LIKE '*%') t "
    f"WHERE t.token ~ '^[{CJK}]{{1,2}}$'",
]
POSTGRESQL_BACKWARD = ["DROP TABLE search_gram", "DROP TABLE search_facet_set"]


def run(vendor: str, statements: list[str]):
    def operation(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == vendor:
            with schema_editor.connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_item_types")]

    operations = [
        migrations.RunPython(run("sqlite", SQLITE_FORWARD), run("sqlite", SQLITE_BACKWARD)),
        migrations.RunPython(run("postgresql", POSTGRESQL_FORWARD), run("postgresql", POSTGRESQL_BACKWARD)),
    ]
