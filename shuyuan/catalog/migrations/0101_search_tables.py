# SQLite: the search index's tables as shuyuan/catalog/search/backends/sqlite.py describes them.
# Identifier keys and facet values leave their B-tree tables (search_key, search_facet) for FTS5:
# keys as tokens of a table of their own (search_ids), facet values as tokens of search_grams. An
# import batch of random keys rewrote leaf pages all over those B-trees; FTS5 appends a segment.
# search_grams keeps only CJK characters and pairs, without prefix indexes (they stored each of
# them three times); the words and pinyin that are looked up by prefix move to search_words.
# What is indexed so far is carried over. PostgreSQL is not touched here.

import re

from django.db import migrations

TEXT = "title, author, publisher, subject, series"
ALL = f"{TEXT}, title_py, author_py"
# As shuyuan.catalog.search.text._CJK (a copy: a migration keeps its own).
CJK = re.compile(
    "[\u2e80-\u2fff\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]"
)


def characters(tokens: str | None) -> str:
    return " ".join(token for token in (tokens or "").split() if CJK.search(token))


def words(tokens: str | None) -> str:
    return " ".join(token for token in (tokens or "").split() if not CJK.search(token))


SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_ids USING fts5(tokens, tokenize = 'ascii', detail = 'none')",
    "INSERT INTO search_ids (rowid, tokens) SELECT record_id, group_concat('k' || lower(hex(key)), ' ') "
    "FROM search_key GROUP BY record_id",
    f"CREATE VIRTUAL TABLE search_grams_new USING fts5({TEXT}, facets, tokenize = 'unicode61', detail = 'column')",
    f"INSERT INTO search_grams_new (rowid, {TEXT}, facets) SELECT g.rowid, "
    "characters(title), characters(author), characters(publisher), characters(subject), characters(series), "
    "coalesce((SELECT group_concat('f' || lower(hex(f.value)), ' ') FROM search_facet f "
    "WHERE f.record_id = g.rowid), '') FROM search_grams g",
    f"""CREATE VIRTUAL TABLE search_words USING fts5(
        {ALL}, tokenize = 'unicode61', detail = 'column', prefix = '1 2'
    )""",
    f"INSERT INTO search_words (rowid, {ALL}) SELECT rowid, "
    "words(title), words(author), words(publisher), words(subject), words(series), title_py, author_py "
    "FROM search_grams",
    "DROP TABLE search_grams",
    "ALTER TABLE search_grams_new RENAME TO search_grams",
    "DROP TABLE search_key",
    "DROP TABLE search_facet",
]

# Back to the tables of 0100, empty: `shuyuan rebuild_search_index` fills them again.
SQLITE_BACKWARD = [
    "DROP TABLE search_ids",
    "DROP TABLE search_words",
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


def run(statements: list[str]):
    def operation(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        raw = schema_editor.connection.connection
        raw.create_function("characters", 1, characters, deterministic=True)
        raw.create_function("words", 1, words, deterministic=True)
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_item_types")]

    operations = [migrations.RunPython(run(SQLITE_FORWARD), run(SQLITE_BACKWARD))]
