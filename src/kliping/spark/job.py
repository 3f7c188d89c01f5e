"""`kliping spark`: the per-page pipeline as a Spark job, writing the article table as Parquet.

Stages (each a Spark stage; nothing but file names and block boundaries goes through the driver):

1. Files. The inputs are expanded on the driver exactly as `kliping extract` expands them (folders
   recursively, sorted), so the job sees the same files in the same order. Each file is read by one
   task with the *local* readers (`read.read_path`): the same Documents and Rejections, ids and
   `source` positions as a local run. Paths Spark reads but Python does not (s3a://, gs://, hdfs://)
   come through Spark's `binaryFile` source and are read from a task-local copy.
2. Template blocks. A local run adds the pages of a block (2,000 pages or 20 MB of text, in input
   order) to the outlet-template index before tagging them. The driver finds the same block
   boundaries from the page lengths alone (one int per page, streamed file by file), and broadcasts
   the block starts (one pair per 2,000 pages).
3. Extraction. Pages are shuffled by outlet (`repartitionAndSortWithinPartitions`, sorted by input
   position), so each outlet's pages reach one task in input order; the task replays them block by
   block through `Extractor.process` with a fresh template index per outlet: every page sees the
   template counts the local run gives it. The model is loaded once per Python worker.
4. Output. Articles (and rejections) are written as Parquet with the schema of `records.py`, in input
   order; near-duplicate groups (`dedup.py`) and stories (`stories.py`) are computed on the article
   table first, and each article carries its duplicate group and story as `kliping link` writes them.
"""
from __future__ import annotations

import argparse
import bisect
import os
import sys
import tempfile
import zlib
from itertools import groupby
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..model import Article, Document, Rejection
from ..run.summary import Summary

Key = tuple[int, int]  # (file index, position in file): a document's place in the input order


# ---------------------------------------------------------------- session and inputs

def spark_session(master: str | None = None, app: str = "kliping", conf: dict[str, str] | None = None):
    """The active SparkSession, or a new one (`master` only when not launched by spark-submit)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    elif "PYSPARK_GATEWAY_PORT" not in os.environ:  # not launched by spark-submit, which sets the master
        builder = builder.master(os.environ.get("KLIPING_SPARK_MASTER", "local[*]"))
    if (master or "").startswith("local") or (not master and "PYSPARK_GATEWAY_PORT" not in os.environ):
        # local mode: the workers run this interpreter (PATH's python3 may lack kliping)
        builder = builder.config("spark.pyspark.python", os.environ.get("PYSPARK_PYTHON", sys.executable))
        # and see this interpreter's packages: a worker may start from the resolved interpreter
        # path, outside the virtual environment, so its site-packages (and an editable install) are passed on
        paths = [p for p in sys.path if p and os.path.isdir(p) and "pyspark" not in p]
        builder = builder.config("spark.executorEnv.PYTHONPATH", os.pathsep.join(paths))
        # one machine: a few shuffle partitions, not the cluster default of 200 (a --conf overrides)
        builder = builder.config("spark.sql.shuffle.partitions", str(max(2, 2 * (os.cpu_count() or 1))))
    for k, v in (conf or {}).items():
        builder = builder.config(k, v)
    return builder.getOrCreate()


def is_remote(spec: str) -> bool:
    """A path only Spark (Hadoop) can open: any URI scheme but file://."""
    return "://" in spec and not spec.startswith("file://")


def expand_inputs(inputs: Iterable[str], spark=None) -> list[str]:
    """Input files in the order `kliping extract` reads them (folders recursive and sorted, hidden files skipped)."""
    files: list[str] = []
    for spec in inputs:
        if is_remote(spec):
            files.extend(_expand_remote(spec, spark))
            continue
        path = Path(spec[len("file://"):] if spec.startswith("file://") else spec)
        if path.is_dir():
            files.extend(str(p) for p in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        else:
            files.append(str(path))
    return files


def _expand_remote(spec: str, spark) -> list[str]:
    jvm = spark.sparkContext._jvm
    hpath = jvm.org.apache.hadoop.fs.Path(spec)
    fs = hpath.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    status = fs.getFileStatus(hpath)
    if not status.isDirectory():
        return [str(fs.makeQualified(hpath).toString())]
    out, it = [], fs.listFiles(hpath, True)
    while it.hasNext():
        p = it.next().getPath()
        if not p.getName().startswith((".", "_")):
            out.append(str(p.toString()))
    return sorted(out)


def read_file(index: int, path: str, content: bytes | None = None) -> Iterator[tuple[Key, Document | Rejection]]:
    """Every document of one input file with its input position, by the local readers.

    `content`: the file's bytes when Spark fetched them (remote paths); they are read from a task-local
    copy with the same file name, and `source` is written back to the original path."""
    from ..read import read_path

    if content is None:
        for pos, item in enumerate(read_path(Path(path))):
            yield (index, pos), item
        return
    with tempfile.TemporaryDirectory(prefix="kliping-") as tmp:
        local = Path(tmp) / path.rstrip("/").rsplit("/", 1)[-1]
        local.write_bytes(content)
        prefix = str(local)
        for pos, item in enumerate(read_path(local)):
            if item.source.startswith(prefix):
                item.source = path + item.source[len(prefix):]
            yield (index, pos), item


def documents(spark, files: list[str], fetch: bool = False):
    """RDD of ((file index, position), Document | Rejection), one reading task per file.

    `fetch`: read local files through Spark's binaryFile source too (as remote ones are read)."""
    sc = spark.sparkContext
    local = [(i, f) for i, f in enumerate(files) if not is_remote(f) and not fetch]
    remote = [(i, f if is_remote(f) else Path(f).resolve().as_uri(), f) for i, f in enumerate(files)
              if is_remote(f) or fetch]
    rdds = []
    if local:
        rdds.append(sc.parallelize(local, len(local)).flatMap(lambda t: read_file(t[0], t[1])))
    if remote:
        index = sc.broadcast({_uri_key(uri): (i, f) for i, uri, f in remote})

        def read_fetched(row):
            i, f = index.value[_uri_key(row[0])]
            return read_file(i, f, bytes(row[1]))

        raw = spark.read.format("binaryFile").load([uri for _, uri, _ in remote]).select("path", "content").rdd
        rdds.append(raw.flatMap(read_fetched))
    return rdds[0] if len(rdds) == 1 else sc.union(rdds)


def _uri_key(uri: str) -> str:
    """One spelling of a URI: Hadoop writes file:/x where Python writes file:///x."""
    return "file:/" + uri[5:].lstrip("/") if uri.startswith("file:") else uri


# ---------------------------------------------------------------- template blocks

def block_starts(lengths: Iterable[tuple[int, Any]], block: int, block_chars: int) -> list[Key]:
    """Where each block of a local run starts, from the text length of every document.

    `lengths`: (file index, lengths of its documents in order), files in input order; a rejection
    counts as a document of length 0, as in `run.extract._block`: a block closes after the item that
    makes it `block` items long or brings its text to `block_chars`.
    """
    import numpy as np

    starts: list[Key] = []
    n = chars = 0                      # items and characters of the open block
    for fidx, lens in lengths:
        cum = np.cumsum(np.asarray(lens, dtype=np.int64))
        i, m = 0, len(cum)
        while i < m:
            if n == 0:
                starts.append((fidx, i))
            base = int(cum[i - 1]) if i else 0
            by_count = i + (block - n) - 1
            by_chars = int(np.searchsorted(cum, block_chars - chars + base, side="left"))
            j = min(by_count, by_chars)
            if j >= m:                 # the block stays open into the next file
                n += m - i
                chars += int(cum[-1]) - base
                break
            n = chars = 0
            i = j + 1
    return starts


def _file_lengths(items: Iterator[tuple[Key, Document | Rejection]]) -> Iterator[tuple[int, bytes]]:
    """Per file: the text length of each document (int32), in order. One file is read by one task."""
    import numpy as np

    for fidx, group in groupby(items, key=lambda kv: kv[0][0]):
        lens = [len(it.text) if isinstance(it, Document) else 0 for _, it in group]
        yield fidx, np.asarray(lens, dtype=np.int32).tobytes()


def template_blocks(docs, block: int, block_chars: int, in_order: bool = False) -> list[Key]:
    """Block starts of the local run; `in_order`: the RDD's partitions already hold the files in order."""
    import numpy as np

    per_file = docs.mapPartitions(_file_lengths)
    if not in_order:
        per_file = per_file.sortByKey()
    stream = ((f, np.frombuffer(b, dtype=np.int32)) for f, b in per_file.toLocalIterator())
    return block_starts(stream, block, block_chars)


# ---------------------------------------------------------------- extraction

def outlet_of(item: Document | Rejection) -> str:
    from ..clean.outlet import outlet_from_url

    return (outlet_from_url(item.url) or "") if isinstance(item, Document) else ""


def shard_of(key: tuple[str, int, int]) -> int:
    """Partition of a document: its outlet's (all of an outlet's pages meet in one task); a page with
    no outlet shares no template state, so it goes by position. crc32, not hash(): stable across workers."""
    outlet, fidx, pos = key
    return zlib.crc32(outlet.encode("utf-8") if outlet else f"{fidx}:{pos}".encode())


_EXTRACTORS: dict[tuple, Any] = {}


def worker_extractor(model: str | None, templates: bool, enrich: bool, aliases: tuple[str, ...]):
    """The Extractor of this Python worker: the models load once per worker process, not per task."""
    from ..run.extract import Extractor

    key = (model, templates, enrich, aliases)
    ex = _EXTRACTORS.get(key)
    if ex is None:
        # collection=False: the cross-article entity index is sequential whole-run state (docs/spark.md)
        ex = _EXTRACTORS[key] = Extractor(Path(model) if model else None, templates=templates, enrich=enrich,
                                          aliases=[Path(a) for a in aliases] or None, collection=False)
    return ex


def extract_partition(items: Iterator[tuple[tuple[str, int, int], tuple[int, Document | Rejection]]],
                      settings: dict[str, Any]) -> Iterator[tuple[Key, Article | Rejection]]:
    """One task: its outlets' pages, each outlet in input order, replayed block by block."""
    from ..clean.templates import TemplateIndex

    ex = worker_extractor(settings["model"], settings["templates"], settings["enrich"], settings["aliases"])
    for _outlet, pages in groupby(items, key=lambda kv: kv[0][0]):
        ex.templates = TemplateIndex() if settings["templates"] else None
        for _block, group in groupby(pages, key=lambda kv: kv[1][0]):
            batch = list(group)
            # a batch is part of one local block, so process() adds all of it before tagging any of it
            for (key, _), out in zip(batch, ex.process(item for _, (_, item) in batch)):
                yield (key[1], key[2]), out


def extract_rdd(docs, starts: list[Key] | None, partitions: int, settings: dict[str, Any]):
    """RDD of ((file index, position), Article | Rejection)."""
    sc = docs.context
    bstarts = sc.broadcast(starts or [(0, 0)])

    def keyed(kv):
        key, item = kv
        block = bisect.bisect_right(bstarts.value, key) - 1
        return (outlet_of(item), key[0], key[1]), (block, item)

    shuffled = docs.map(keyed).repartitionAndSortWithinPartitions(partitions, shard_of)
    return shuffled.mapPartitions(lambda it: extract_partition(it, settings))


# ---------------------------------------------------------------- output

def _rows(items: Iterator[tuple[Key, Article | Rejection]], with_roles: bool) -> Iterator[tuple]:
    from .records import article_row, rejection_row

    for (fidx, pos), item in items:
        if isinstance(item, Article):
            yield ("a", (fidx, pos) + article_row(item.to_record(with_roles=with_roles), with_roles))
        else:
            yield ("r", (fidx, pos) + rejection_row(item.to_record()))


def _summary(items: Iterator[tuple[str, tuple]]) -> Iterator[Summary]:
    """Counts of one partition, as the local run summary counts them."""
    s = Summary()
    for tag, row in items:
        s.read += 1
        if tag == "a":
            rec = row[2:]
            s.articles += 1
            s.kinds[rec[_col("kind")]] += 1
            s.flags.update(rec[_col("flags")] or [])
        else:
            s.rejections[row[2:][_rcol("reason")]] += 1
    yield s


def _col(name: str) -> int:
    from .records import HEAD_KEYS, record_fields

    return [*HEAD_KEYS, *(n for n, _ in record_fields())].index(name)


def _rcol(name: str) -> int:
    from .records import HEAD_KEYS, record_fields

    return [*HEAD_KEYS, *(n for n, _ in record_fields(Rejection))].index(name)


def merge_summaries(parts: Iterable[Summary]) -> Summary:
    total = Summary()
    for s in parts:
        total.read += s.read
        total.articles += s.articles
        total.kinds.update(s.kinds)
        total.rejections.update(s.rejections)
        total.flags.update(s.flags)
    return total


def positioned_frame(spark, rows, schema):
    """A DataFrame of rows (file index, position, *record): `_file`, `_pos`, then the record's columns."""
    from pyspark.sql import types as T

    full = T.StructType([T.StructField("_file", T.LongType(), False), T.StructField("_pos", T.LongType(), False),
                         *schema.fields])
    return spark.createDataFrame(rows, full)


def write_ordered(frame, path: str) -> None:
    """Parquet part files in input order (part names sort as the rows do), positions dropped."""
    frame.orderBy("_file", "_pos").drop("_file", "_pos").write.mode("overwrite").parquet(path)


def run_job(spark, inputs: list[str], out: str, *, partitions: int | None = None, with_roles: bool = False,
            templates: bool = True, enrich: bool = True, model: str | None = None,
            aliases: Iterable[str] = (), rejections: bool = True, link: bool = True,
            block: int | None = None, block_chars: int | None = None) -> Summary:
    """Read `inputs`, extract every page, write `out`/articles (and rejections, duplicates) as Parquet."""
    from pyspark import StorageLevel

    from ..run import extract as local
    from .records import article_schema, rejection_schema

    block = block or local.TEMPLATE_BLOCK
    block_chars = block_chars or local.TEMPLATE_BLOCK_CHARS
    if block > local.TEMPLATE_BLOCK or block_chars > local.TEMPLATE_BLOCK_CHARS:
        raise ValueError("a template block can be at most the local run's block")
    files = expand_inputs(inputs, spark)
    if not files:
        raise ValueError("no input files")
    partitions = partitions or max(2, spark.sparkContext.defaultParallelism * 2)
    docs = documents(spark, files).persist(StorageLevel.MEMORY_AND_DISK)
    in_order = not any(is_remote(f) for f in files)  # one partition per local file, in file order
    starts = template_blocks(docs, block, block_chars, in_order) if templates else None
    settings = {"model": model, "templates": templates, "enrich": enrich, "aliases": tuple(aliases)}
    rows = extract_rdd(docs, starts, partitions, settings) \
        .mapPartitions(lambda it: _rows(it, with_roles)).persist(StorageLevel.MEMORY_AND_DISK)
    summary = merge_summaries(rows.mapPartitions(_summary).collect())
    docs.unpersist()
    out = out.rstrip("/")
    articles = positioned_frame(spark, rows.filter(lambda r: r[0] == "a").map(lambda r: r[1]),
                                article_schema(with_roles))
    if link:
        articles, _ = link_stage(spark, articles, out)
    write_ordered(articles, f"{out}/articles")
    if rejections:
        write_ordered(positioned_frame(spark, rows.filter(lambda r: r[0] == "r").map(lambda r: r[1]),
                                       rejection_schema()), f"{out}/rejections")
    rows.unpersist()
    return summary


def link_stage(spark, articles, out: str, story_sweep: int | None = None) -> tuple[Any, dict[str, int]]:
    """Write `out`/duplicates and `out`/stories over the article frame (as `Linker` links the articles
    in input order) and return the frame with each article's link fields (duplicate_group,
    duplicate_of, story) filled, and the story pass's counts. `story_sweep`: live stories before the
    driver first writes finished ones out (`stories.SWEEP_MIN`; 1 makes it sweep after every article)."""
    from pyspark import StorageLevel

    from .dedup import numbered_articles, write_duplicates
    from .stories import link_columns, with_links, write_stories

    numbered = numbered_articles(articles).persist(StorageLevel.MEMORY_AND_DISK)
    write_duplicates(spark, articles, out, numbered=numbered)
    groups = spark.read.parquet(f"{out}/duplicates")
    counts = write_stories(spark, numbered, groups, out, **({"sweep_min": story_sweep} if story_sweep else {}))
    numbered.unpersist()
    return with_links(articles, link_columns(spark, out)), counts


# ---------------------------------------------------------------- command line

def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", help="files or folders: local paths or any path Spark reads (s3a://, gs://, hdfs://)")
    p.add_argument("--out", required=True, help="output folder: articles/, rejections/, duplicates/, stories/ as Parquet")
    p.add_argument("--master", help="Spark master when not run by spark-submit (default: local[*])")
    p.add_argument("--partitions", type=int, help="extraction tasks (default: 2 x the default parallelism)")
    p.add_argument("--roles", action="store_true", help="add every non-blank input line's role to each record")
    p.add_argument("--rejections", choices=("include", "omit"), default="include",
                   help="write rejections/ (default) or only count them")
    p.add_argument("--no-templates", action="store_true", help="do not learn outlet templates from the run")
    p.add_argument("--no-enrich", action="store_true", help="skip entities, time expressions and quotes")
    p.add_argument("--aliases", action="append", metavar="FILE", default=[],
                   help="an alias table extending the packaged one (must be readable by every executor)")
    p.add_argument("--no-link", action="store_true",
                   help="do not link: no duplicates/ or stories/ tables, link fields of the articles left empty")
    p.add_argument("--model", help="a line-role model file readable by every executor (default: the packaged one)")
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="a Spark setting (repeatable)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary")


def run_cli(args: argparse.Namespace) -> int:
    local_inputs = [s for s in args.inputs if not is_remote(s)]
    for spec in local_inputs:
        if not Path(spec[7:] if spec.startswith("file://") else spec).exists():
            print(f"kliping: error: input not found: {spec}", file=sys.stderr)
            return 2
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("kliping: error: pyspark is not installed (pip install 'kliping[spark]'; Java 17 needed)", file=sys.stderr)
        return 2
    conf = dict(c.split("=", 1) for c in args.conf if "=" in c)
    spark = spark_session(args.master, conf=conf)
    try:
        summary = run_job(spark, args.inputs, args.out, partitions=args.partitions, with_roles=args.roles,
                          templates=not args.no_templates, enrich=not args.no_enrich, model=args.model,
                          aliases=args.aliases, rejections=args.rejections == "include", link=not args.no_link)
    finally:
        if not os.environ.get("KLIPING_KEEP_SPARK"):
            spark.stop()
    if not args.quiet:
        for line in summary.lines():
            print(line, file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="kliping spark", description="The kliping pipeline as a Spark job.")
    add_arguments(p)
    return run_cli(p.parse_args(argv))
