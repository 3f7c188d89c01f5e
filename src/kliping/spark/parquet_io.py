"""Articles back from the Parquet folder a `kliping spark` run writes (pyarrow only: no Spark, no
Java): kliping.records, where the reading lives with the record's schema.

This is what `kliping build --from-parquet DIR` reads: `read_articles_parquet(DIR)` yields the
articles in input order (the job writes its part files sorted by input position).
"""
from ..records import article_files, read_articles_parquet  # noqa: F401
