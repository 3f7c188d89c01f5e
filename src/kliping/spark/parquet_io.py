"""Articles back from the Parquet folder a `kliping spark` run writes (pyarrow only: no Spark, no Java).

This is what `kliping build --from-parquet DIR` reads: `read_articles_parquet(DIR)` yields the
articles in input order (the job writes its part files sorted by input position).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..model import Article
from .records import article_from_row


def article_files(folder: str | Path) -> list[Path]:
    """The Parquet part files of an article table: DIR/articles/*.parquet, or DIR/*.parquet itself."""
    root = Path(folder)
    if root.is_file():
        return [root]
    if (root / "articles").is_dir():
        root = root / "articles"
    return sorted(p for p in root.glob("*.parquet") if not p.name.startswith((".", "_")))


def read_articles_parquet(folder: str | Path, batch_rows: int = 1024) -> Iterator[Article]:
    """Every article of a `kliping spark` output folder (or of one of its part files), in input order."""
    import pyarrow.parquet as pq

    files = article_files(folder)
    if not files:
        raise FileNotFoundError(f"no Parquet article files in {folder}")
    for path in files:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows):
            for row in batch.to_pylist():
                yield article_from_row(row)
