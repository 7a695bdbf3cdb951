"""The schema migrations a current store has, by name (migrations.py defines them).

Kept apart so that opening an up-to-date store needs no sqlite-utils import; a test checks
that this list and the registered migrations agree.
"""

MIGRATION_SET = "annotator"
MIGRATIONS_TABLE = "_sqlite_migrations"  # where sqlite-utils' Migrations records them
MIGRATION_NAMES = ("0001_initial", "0002_search", "0003_article_order", "0004_review",
                   "0005_one_span_per_key", "0006_suggestions", "0007_mention_kind",
                   "0008_registry", "0009_span_scores", "0010_span_meta")
