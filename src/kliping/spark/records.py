"""The article record as Spark rows: kliping.records (shared with the exports and `archive/`)."""
from ..records import (HEAD_KEYS, _to_row, article_from_row, article_row, article_schema,  # noqa: F401
                       record_fields, rejection_row, rejection_schema, spark_type)
