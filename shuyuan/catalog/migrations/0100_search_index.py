# The search index (shuyuan.catalog.search): tables of its own, written through the catalogue's
# services, with the full-text machinery of each engine. Not Django models: FTS5 tables cannot be.

from django.db import migrations

SQLITE = [
    """CREATE TABLE search_doc (
        record_id INTEGER PRIMARY KEY,
        title_key TEXT NOT NULL,
        title_pinyin TEXT NOT NULL,
        title_initials TEXT NOT NULL,
        facets TEXT NOT NULL
    )""",
    "CREATE INDEX search_doc_title_key ON search_doc (title_key)",
    "CREATE INDEX search_doc_title_pinyin ON search_doc (title_pinyin)",
    "CREATE INDEX search_doc_title_initials ON search_doc (title_initials)",
    """CREATE VIRTUAL TABLE search_text USING fts5(
        title, author, publisher, subject, series, tokenize = 'trigram'
    )""",
    """CREATE VIRTUAL TABLE search_grams USING fts5(
        title, author, publisher, subject, series, title_py, author_py,
        tokenize = 'unicode61', detail = 'column', prefix = '1 2'
    )""",
    """CREATE TABLE search_key (
        key TEXT NOT NULL, record_id INTEGER NOT NULL, PRIMARY KEY (key, record_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX search_key_record ON search_key (record_id)",
    """CREATE TABLE search_facet (
        record_id INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (record_id, value)
    ) WITHOUT ROWID""",
    "CREATE INDEX search_facet_value ON search_facet (value, record_id)",
]

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE TABLE search_doc (
        record_id bigint PRIMARY KEY,
        title_key text COLLATE "C" NOT NULL,
        title_pinyin text COLLATE "C" NOT NULL,
        title_initials text COLLATE "C" NOT NULL,
        title text NOT NULL,
        author text NOT NULL,
        publisher text NOT NULL,
        subject text NOT NULL,
        series text NOT NULL,
        everything text NOT NULL,
        grams tsvector NOT NULL,
        facets text[] NOT NULL
    )""",
    "CREATE INDEX search_doc_title_key ON search_doc (title_key)",
    "CREATE INDEX search_doc_title_pinyin ON search_doc (title_pinyin)",
    "CREATE INDEX search_doc_title_initials ON search_doc (title_initials)",
    "CREATE INDEX search_doc_everything ON search_doc USING gin (everything gin_trgm_ops)",
    "CREATE INDEX search_doc_grams ON search_doc USING gin (grams)",
    "CREATE INDEX search_doc_facets ON search_doc USING gin (facets)",
    """CREATE TABLE search_key (
        key text COLLATE "C" NOT NULL, record_id bigint NOT NULL, PRIMARY KEY (key, record_id)
    )""",
    "CREATE INDEX search_key_record ON search_key (record_id)",
]

DROP = ["search_ids", "search_key", "search_facet", "search_grams", "search_text", "search_doc"]


def refuse_c_locale(cursor) -> None:
    # pg_trgm makes no trigrams of Chinese under the C locale: the index would find nothing.
    cursor.execute("SELECT pg_encoding_to_char(encoding), datctype FROM pg_database WHERE datname = current_database()")
    encoding, ctype = cursor.fetchone()
    charset = ctype.rpartition(".")[2].replace("-", "").lower() if "." in ctype else ""
    if encoding != "UTF8" or ctype.upper() in ("C", "POSIX") or (charset and charset != "utf8"):
        raise RuntimeError(
            f"数据库的编码为 {encoding}、LC_CTYPE 为 {ctype}：中文检索需要 UTF-8 编码和 UTF-8 区域设置"
            "（例如 createdb -E UTF8 --locale=C.UTF-8 -T template0）。"
        )


def create(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            refuse_c_locale(cursor)
        for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []):
            cursor.execute(statement)


def drop(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        for table in DROP:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
