"""The article record as a typed table: one schema for Spark, Parquet exports and reading them
back, derived from `model.Article` (used by `spark/`, `archive/` and `kliping export`).

The schema is derived from the dataclass type hints, not written out by hand, so a field added
to the data model reaches the Parquet output without an edit here. Lists of strings and lists
of dataclasses (mentions, entities, times, quotes, related) become arrays of strings / structs;
a `dict` field (only `provenance`, whose values may be strings or lists) is stored as a JSON
string, because a Parquet map needs one value type.
"""
from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import lru_cache
from typing import Any

from pathlib import Path
from typing import Iterator

from .model import Article, Rejection

# Record keys written before the dataclass fields, as Article.to_record() does.
HEAD_KEYS = ("schema", "type")


def _unwrap_optional(hint: Any) -> Any:
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        return rest[0] if len(rest) == 1 else str
    return hint


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def record_fields(cls: type = Article) -> list[tuple[str, Any]]:
    """(name, resolved type) of the record's dataclass fields, Article.lines left out."""
    hints = _hints(cls)
    return [(f.name, _unwrap_optional(hints[f.name])) for f in dataclasses.fields(cls) if f.name != "lines"]


def _is_json(t: Any) -> bool:
    return t is dict or typing.get_origin(t) is dict


def spark_type(t: Any):  # -> pyspark.sql.types.DataType
    from pyspark.sql import types as T

    if _is_json(t):
        return T.StringType()
    if typing.get_origin(t) is list:
        return T.ArrayType(spark_type(_unwrap_optional(typing.get_args(t)[0])), containsNull=True)
    if dataclasses.is_dataclass(t):
        return T.StructType([T.StructField(n, spark_type(ft), True) for n, ft in record_fields(t)])
    return {str: T.StringType(), int: T.LongType(), float: T.DoubleType(), bool: T.BooleanType()}[t]


def article_schema(with_roles: bool = False):
    """Spark schema of the article table: `schema`, `type`, every Article field, optionally `roles`."""
    from pyspark.sql import types as T

    cols = [T.StructField(k, T.StringType(), False) for k in HEAD_KEYS]
    cols += [T.StructField(n, spark_type(t), True) for n, t in record_fields(Article)]
    if with_roles:
        cols.append(T.StructField("roles", T.ArrayType(T.StringType()), True))
    return T.StructType(cols)


def rejection_schema():
    from pyspark.sql import types as T

    return T.StructType([T.StructField(k, T.StringType(), k != "reason") for k in HEAD_KEYS]
                        + [T.StructField(n, T.StringType(), True) for n, _ in record_fields(Rejection)])


def _to_row(value: Any, t: Any, struct: Any = tuple) -> Any:
    """A to_record() value as the tree a table row holds: a dataclass as a tuple (Spark's rows)
    or, with `struct=dict`, as a dict (pyarrow's)."""
    if value is None:
        return None
    if _is_json(t):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if typing.get_origin(t) is list:
        inner = _unwrap_optional(typing.get_args(t)[0])
        return [_to_row(v, inner, struct) for v in value]
    if dataclasses.is_dataclass(t):
        items = [(n, _to_row(value.get(n), ft, struct)) for n, ft in record_fields(t)]
        return dict(items) if struct is dict else tuple(v for _, v in items)
    return value


def article_row(rec: dict[str, Any], with_roles: bool = False) -> tuple:
    """Article.to_record() as a row of article_schema()."""
    row = [rec[k] for k in HEAD_KEYS] + [_to_row(rec.get(n), t) for n, t in record_fields(Article)]
    if with_roles:
        row.append(rec.get("roles"))
    return tuple(row)


def rejection_row(rec: dict[str, Any]) -> tuple:
    return tuple([rec[k] for k in HEAD_KEYS] + [rec.get(n) for n, _ in record_fields(Rejection)])


def _from_value(value: Any, t: Any) -> Any:
    if value is None:
        return {} if _is_json(t) else None
    if _is_json(t):
        return json.loads(value) if isinstance(value, str) else dict(value)
    if typing.get_origin(t) is list:
        inner = _unwrap_optional(typing.get_args(t)[0])
        return [_from_value(v, inner) for v in value]
    if dataclasses.is_dataclass(t):
        return t(**{n: _from_value(value.get(n), ft) for n, ft in record_fields(t)})
    return value


def article_from_row(row: dict[str, Any]) -> Article:
    """A row of the article table (as a dict) back to an Article (its lines are not stored)."""
    kwargs = {}
    for name, t in record_fields(Article):
        if name in row:
            value = _from_value(row[name], t)
            if value is None and typing.get_origin(t) is list:
                value = []
            kwargs[name] = value
    return Article(**kwargs)


# ---------------------------------------------------------------- Parquet with pyarrow (no Spark)

def arrow_type(t: Any):  # -> pyarrow.DataType
    import pyarrow as pa

    if _is_json(t):
        return pa.string()
    if typing.get_origin(t) is list:
        return pa.list_(arrow_type(_unwrap_optional(typing.get_args(t)[0])))
    if dataclasses.is_dataclass(t):
        return pa.struct([(n, arrow_type(ft)) for n, ft in record_fields(t)])
    return {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}[t]


def article_arrow_schema():
    """The article table's pyarrow schema: the columns of article_schema(), the same types."""
    import pyarrow as pa

    return pa.schema([(k, pa.string()) for k in HEAD_KEYS] + [(n, arrow_type(t)) for n, t in record_fields(Article)])


def article_arrow_row(rec: dict[str, Any]) -> dict[str, Any]:
    """Article.to_record() as a row (dict) of article_arrow_schema()."""
    row = {k: rec[k] for k in HEAD_KEYS}
    row.update((n, _to_row(rec.get(n), t, dict)) for n, t in record_fields(Article))
    return row


def article_files(folder: str | Path) -> list[Path]:
    """The Parquet part files of an article table: DIR/articles/*.parquet, or DIR/*.parquet itself."""
    root = Path(folder)
    if root.is_file():
        return [root]
    if (root / "articles").is_dir():
        root = root / "articles"
    return sorted(p for p in root.glob("*.parquet") if not p.name.startswith((".", "_")))


def read_articles_parquet(folder: str | Path, batch_rows: int = 1024) -> Iterator[Article]:
    """Every article of a `kliping spark` output folder, of one of its part files, or of a
    `kliping export` Parquet file, in their order."""
    import pyarrow.parquet as pq

    files = article_files(folder)
    if not files:
        raise FileNotFoundError(f"no Parquet article files in {folder}")
    for path in files:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows):
            for row in batch.to_pylist():
                yield article_from_row(row)
