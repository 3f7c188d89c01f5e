"""Stories at scale: the local linking stage's story assignment (`link/stories.py`), on Spark output.

The story pass is sequential: each article, in time order, is compared with the stories open at its
time, and what it joins changes what the next article sees. What it reads of an article is small
and independent of the other articles except through two collection-wide tables, so the work is
split as follows (docs/spark.md, "Stories"):

- on executors (`mapPartitions`): each article's terms (stems of title, deck and lead,
  counted as `link.terms.term_counts` counts them), time (`article_time`), day-month hints of an
  undated body (`day_months`) and entity keys;
- by Spark's shuffle: the document frequency of every term (a group-by), then each article's
  TF-IDF top terms, weighed with the same function as the local run (`link.vectors.tfidf`,
  `rows_top`); entity ids numbered by first occurrence in input order, as the local EntitySpace
  numbers them (their order decides ties between a story's entities); the canonical article of each
  duplicate group (from the `duplicates` table);
- on the driver: the assignment itself, by the local `StoryIndex` code, over compact records
  (top terms and weights, entity ids, time, a few metadata strings) streamed in the local order
  (`toLocalIterator` over a sort): dated heads by time, then undated heads, then duplicates.
  Stories are written as soon as nothing can change them any more (see `StreamStories`), in chunks,
  so the driver holds the open stories, not the collection.
"""
from __future__ import annotations

import math
from array import array
from dataclasses import asdict
from typing import Any, Callable, Iterable, Iterator

from ..link.stories import POSTING_SCAN, QUERY_TERMS, StoryIndex, StoryParams, StoryState, entity_counts
from ..model import Story, TimelineEntry

STORY_CHUNK = 20_000          # stories per Parquet append from the driver
SWEEP_MIN = 10_000            # live stories before the first sweep for finished ones


# ---------------------------------------------------------------- executors

_STEMMER: list = []


def worker_stemmer():
    """The stemmer of this Python worker (link/terms.py, with its per-word cache), made once."""
    if not _STEMMER:
        from ..link.terms import Stemmer

        _STEMMER.append(Stemmer())
    return _STEMMER[0]


def story_features(rows: Iterator[tuple[int, dict]]) -> Iterator[tuple]:
    """(pos, id, time or None, day-months, time window, lead weekdays, lead figures, [(stem, count)], entity keys
    (first occurrence order, all keys), title, outlet, published) of each numbered article row."""
    from ..link.collection import article_time, day_months, lead_figures, lead_weekdays, story_text, time_window
    from ..link.terms import article_text_parts, term_counts
    from .records import article_from_row

    stemmer = worker_stemmer()
    for pos, row in rows:
        a = article_from_row(row)
        head, lead = article_text_parts(a)
        counts = term_counts(head, lead, stemmer)
        t = article_time(a)
        text = story_text(a) if math.isnan(t) else ""
        dms = [[m, d] for m, d in day_months(a, text)] if math.isnan(t) else []
        win = time_window(a, text) if math.isnan(t) else None
        wds = lead_weekdays(text) if math.isnan(t) else []
        figs = list(array("q", lead_figures(text))) if math.isnan(t) else []
        keys = [e.key for e in a.entities if e.key]
        yield (pos, a.id, None if math.isnan(t) else t, dms, list(win) if win is not None else None, wds, figs,
               [(s, float(c)) for s, c in counts.items()], keys,
               a.title, a.outlet, a.published)


def weigh_partition(rows: Iterable[Any], docs: int, batch: int = 4096) -> Iterator[tuple]:
    """(pos, top terms, weights) of rows (pos, [(k, stem, count, df)]): the local TF-IDF rows."""
    import numpy as np

    from ..link.background import shipped_background
    from ..link.vectors import TOP_TERMS, rows_top, tfidf

    # the local run's default: the shipped background table counted with the run's own (background.py)
    bg = shipped_background()
    prior = bg.df
    buf: list[tuple[int, list]] = []

    def flush() -> Iterator[tuple]:
        names: list[str] = []
        cnt: list[float] = []
        dfv: list[int] = []
        indptr = [0]
        for _, entries in buf:
            for _k, s, c, df in sorted(entries):         # the article's own term order
                names.append(s)
                cnt.append(c)
                dfv.append(df + prior.get(s, 0))
            indptr.append(len(names))
        w = tfidf(np.asarray(cnt, dtype=np.float32), np.asarray(dfv, dtype=np.int64), docs + bg.docs)
        m = rows_top(np.asarray(indptr, dtype=np.int64), np.arange(len(names), dtype=np.int64), w, TOP_TERMS)
        for r, (pos, _) in enumerate(buf):
            a, b = m.indptr[r], m.indptr[r + 1]
            yield pos, [names[j] for j in m.indices[a:b].tolist()], m.data[a:b].tolist()
        buf.clear()

    for row in rows:
        buf.append((row[0], [tuple(e) for e in row[1]]))
        if len(buf) >= batch:
            yield from flush()
    if buf:
        yield from flush()


# ---------------------------------------------------------------- driver

class _Live:
    """The story list of StoryIndex, holding only live stories: numbers go on counting, and a story
    written out reads as closed (for the dated pass, the only one that may meet one)."""

    def __init__(self) -> None:
        self.live: dict[int, StoryState] = {}
        self.n = 0
        self.strict = False

    def __len__(self) -> int:
        return self.n

    def append(self, st: StoryState) -> None:
        self.live[st.number] = st
        self.n += 1

    def __getitem__(self, s: int) -> StoryState:
        st = self.live.get(s)
        if st is None:
            if self.strict:
                raise KeyError(f"story {s} was written out but is still reachable")
            return _CLOSED
        return st


_CLOSED = StoryState(number=-1, first=-math.inf, last=-math.inf)


class _Of(dict):
    def __missing__(self, key: int) -> int:
        return -1


class StreamStories(StoryIndex):
    """StoryIndex over a stream of articles in the local order, with per-article vectors instead of
    the collection's matrix, writing each story out once no later article can change it.

    A story can still change while it is open at the current time (dated pass), while it holds the
    canonical article of a duplicate group (duplicates join it after all heads), or while it is among
    the last POSTING_SCAN stories posted under a term that an undated article or a duplicate will
    query (`late_terms`): those passes come after the dated pass and may join any such story. Every
    other story is written out and forgotten; for the dated pass it reads as closed, as it is."""

    def __init__(self, params: StoryParams | None, late_terms: set[str], emit: Callable[[int, Story], None],
                 sweep_min: int = SWEEP_MIN) -> None:
        super().__init__(params)
        if self.p.member_link:
            raise ValueError("member_link is not supported by the streamed story pass")
        self.stories = _Live()                         # type: ignore[assignment]
        self.of = _Of()                                # type: ignore[assignment]
        self._times = {}                               # type: ignore[assignment]
        self._dm = {}
        self._win = {}
        self._wd = {}
        self._fig = {}
        self._vec: dict[int, tuple[list[str], list[float]]] = {}
        self._meta: dict[int, tuple[str, str | None, str | None, str | None]] = {}
        self.entity_keys: dict[int, str] = {}
        self.late = late_terms
        self.pinned: set[int] = set()
        self.emit = emit
        self.phase = 0
        self.sweep_min = sweep_min
        self._sweep_at = sweep_min
        self.peak_live = 0
        self.written = 0

    # the local index reads its matrix here; the stream keeps each live article's row
    def row_dict(self, i: int) -> dict[str, float]:
        terms, weights = self._vec[i]
        return dict(zip(terms, weights))

    def _post(self, num: int, terms: list) -> None:
        for term in terms[:QUERY_TERMS]:
            post = self._postings.get(term)
            if post is None:
                self._postings[term] = [num]
            elif post[-1] != num:
                post.append(num)
                if len(post) > 2 * POSTING_SCAN:        # only the last POSTING_SCAN are ever read
                    del post[:-POSTING_SCAN]

    # ------------------------------------------------------------ one record
    def add(self, rec: Any) -> None:      # type: ignore[override]
        """One article: (phase, t, pos, id, title, outlet, published, terms, weights, entity ids,
        entity keys, day-months, time window, lead weekdays, lead figures, canonical pos, pinned), in the
        order (phase, t, pos)."""
        (phase, t, i, aid, title, outlet, published, terms, weights, eids, ekeys, dms, win, wds, figs, canon,
         pinned) = rec
        t = math.nan if t is None else float(t)
        terms = list(terms or [])
        weights = list(weights or [])
        ents = list(eids or [])
        for e, k in zip(ents, ekeys or []):
            self.entity_keys.setdefault(e, k)
        self._vec[i] = (terms, weights)
        self._meta[i] = (aid, published, outlet, title)
        self._times[i] = t
        if dms:
            self._dm[i] = [(int(m), int(d)) for m, d in dms]
        if win:
            self._win[i] = (float(win[0]), float(win[1]))
        if wds:
            self._wd[i] = [int(w) for w in wds]
        if figs:
            self._fig[i] = array("q", [int(v) for v in figs]).tobytes()
        if phase != self.phase:
            self.phase = phase
            self.stories.strict = True                 # undated heads and duplicates may meet any live story
        if phase < 2:
            self._place(i, terms, weights, ents, t)
        else:                                           # StoryIndex.add: a duplicate follows its canonical
            s = self.of[canon]
            if s < 0:
                raise RuntimeError(f"canonical article {canon} of {aid} not placed")
            st = self.stories[s]
            if self._follows(st, i, t):
                self._join(st, i, [], [], ents, t, update_vector=False)
            else:
                self._place(i, terms, weights, ents, t)
        if pinned:
            self.pinned.add(self.of[i])
        live = len(self.stories.live)
        self.peak_live = max(self.peak_live, live)
        if phase == 0 and live >= self._sweep_at:
            self.sweep(t)
            # doubling: a sweep's cost (the live stories, the late terms' postings) is amortised;
            # sweep_min 1 sweeps after every dated article (tests)
            self._sweep_at = 1 if self.sweep_min <= 1 else max(self.sweep_min, 2 * len(self.stories.live))

    def sweep(self, now: float) -> None:
        """Write out the stories no later article can reach (dated pass at time `now`)."""
        p = self.p
        reach: set[int] = set()
        for term in self.late:
            post = self._postings.get(term)
            if post:
                reach.update(post[-POSTING_SCAN:])
        done = [st for s, st in self.stories.live.items()
                if s not in self.pinned and s not in reach
                and (now - st.last > p.gap_days or now - st.first > p.span_days)]
        for st in done:
            self._write(st)

    def finish(self) -> None:
        for st in sorted(self.stories.live.values(), key=lambda st: st.number):
            self._write(st)

    # ------------------------------------------------------------ output (as Linker.stories writes it)
    def _write(self, st: StoryState) -> None:
        self.emit(st.number, self.story(st))
        del self.stories.live[st.number]
        self.pinned.discard(st.number)
        for i in st.members:
            for d in (self.of, self._vec, self._meta, self._times, self._dm, self._win, self._wd, self._fig):
                d.pop(i, None)
        self.written += 1

    def _rep(self, st: StoryState) -> int:
        best, best_dot = st.members[0], -1.0
        if len(st.members) == 1:
            return best
        c = self.centroid(st)
        for i in st.members:
            terms, weights = self._vec[i]
            dot = sum(w * c.get(t, 0.0) for t, w in zip(terms, weights))
            if dot > best_dot:
                best, best_dot = i, dot
        return best

    def story(self, st: StoryState) -> Story:
        from ..link.collection import _iso

        meta, times = self._meta, self._times
        rep = self._rep(st)
        members = sorted(st.members, key=lambda i: (math.isnan(times[i]), times[i], i))
        timeline = [TimelineEntry(article=meta[i][0], published=meta[i][1], outlet=meta[i][2], title=meta[i][3])
                    for i in members]
        terms = [t for t, _ in sorted(self.centroid(st).items(), key=lambda kv: -kv[1])[:8]]
        # as Linker.stories(): the central headline, else any headline, else the heaviest terms
        label = meta[rep][3] or next((meta[i][3] for i in st.members if meta[i][3]), None) or " · ".join(terms[:4])
        ents = [self.entity_keys[e] for e, _ in entity_counts(st).most_common(8)] if st.entities else []
        return Story(id="story:" + meta[st.members[0]][0], label=label, first=_iso(st.first), last=_iso(st.last),
                     entities=ents, timeline=timeline, terms=terms)


# ---------------------------------------------------------------- the Spark stage

def story_schema():
    """`stories` table: the fields of model.Story (timeline as an array of structs)."""
    from .records import spark_type

    return spark_type(Story)


def story_records(spark, numbered, groups):
    """DataFrame of the compact per-article records the driver streams, and the count of articles.

    `numbered`: RDD of (pos, row dict) (`dedup.numbered_articles`); `groups`: the duplicate groups
    (id, kind, canonical, members)."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    feat_schema = T.StructType([
        T.StructField("pos", T.LongType(), False), T.StructField("id", T.StringType()),
        T.StructField("t", T.DoubleType()), T.StructField("dms", T.ArrayType(T.ArrayType(T.IntegerType()))),
        T.StructField("win", T.ArrayType(T.DoubleType())), T.StructField("wds", T.ArrayType(T.IntegerType())),
        T.StructField("figs", T.ArrayType(T.LongType())),
        T.StructField("tc", T.ArrayType(T.StructType([T.StructField("s", T.StringType()),
                                                      T.StructField("c", T.DoubleType())]))),
        T.StructField("ekeys", T.ArrayType(T.StringType())), T.StructField("title", T.StringType()),
        T.StructField("outlet", T.StringType()), T.StructField("published", T.StringType())])
    feats = spark.createDataFrame(numbered.mapPartitions(story_features), feat_schema).persist()
    docs = feats.count()

    # TF-IDF: document frequencies by a group-by, then each article's top terms on executors
    ex = feats.select("pos", F.posexplode("tc").alias("k", "e")) \
        .select("pos", "k", F.col("e.s").alias("s"), F.col("e.c").alias("c"))
    df = ex.groupBy("s").agg(F.count(F.lit(1)).alias("df"))
    entries = ex.join(df, "s").groupBy("pos").agg(F.collect_list(F.struct("k", "s", "c", "df")).alias("e"))
    w_schema = T.StructType([T.StructField("pos", T.LongType(), False),
                             T.StructField("terms", T.ArrayType(T.StringType())),
                             T.StructField("weights", T.ArrayType(T.FloatType()))])
    weighted = spark.createDataFrame(entries.rdd.mapPartitions(lambda it: weigh_partition(it, docs)), w_schema)

    # entity ids: numbered by first occurrence (article position, place in its entity list)
    ek = feats.select("pos", F.posexplode("ekeys").alias("j", "key"))
    first = ek.groupBy("key").agg(F.min(F.struct("pos", "j")).alias("f"))
    eid_rdd = first.orderBy("f.pos", "f.j").select("key").rdd.zipWithIndex().map(lambda r: (r[0][0], r[1]))
    eids = spark.createDataFrame(eid_rdd, T.StructType([T.StructField("key", T.StringType()),
                                                        T.StructField("eid", T.LongType())]))
    # each article's distinct keys in first-mention order, with their ids
    uniq = ek.groupBy("pos", "key").agg(F.min("j").alias("j"))
    ents = uniq.join(eids, "key").groupBy("pos") \
        .agg(F.sort_array(F.collect_list(F.struct("j", "eid", "key"))).alias("e")) \
        .select("pos", F.col("e.eid").alias("eids"), F.col("e.key").alias("ekeys"))

    # canonical article of each grouped article
    idpos = feats.select("id", "pos")
    canon = groups.select("canonical", F.explode("members").alias("id")).join(idpos, "id") \
        .join(idpos.toDF("canonical", "canon"), "canonical").select("pos", "canon", F.lit(True).alias("grouped"))

    records = feats.drop("tc", "ekeys").join(weighted, "pos", "left").join(ents, "pos", "left") \
        .join(canon, "pos", "left") \
        .withColumn("canon", F.coalesce("canon", "pos")) \
        .withColumn("phase", F.when(F.col("canon") != F.col("pos"), 2).when(F.col("t").isNull(), 1).otherwise(0)) \
        .withColumn("pinned", F.coalesce("grouped", F.lit(False)) & (F.col("canon") == F.col("pos")))
    cols = ["phase", "t", "pos", "id", "title", "outlet", "published", "terms", "weights", "eids", "ekeys", "dms",
            "win", "wds", "figs", "canon", "pinned"]
    return records.select(*cols), feats, docs


def compute_stories(spark, numbered, groups, write_chunk: Callable[[list[tuple]], None],
                    params: StoryParams | None = None, sweep_min: int = SWEEP_MIN) -> dict[str, int]:
    """Assign every article to its story, as `Linker` does, and hand the Story rows (`_n` first) to
    `write_chunk` in chunks. Returns counts (articles, stories, peak of stories held)."""
    from pyspark.sql import functions as F

    from .records import _to_row

    records, feats, docs = story_records(spark, numbered, groups)
    records = records.persist()

    late = {r[0] for r in records.filter("phase > 0").select(F.explode(F.slice("terms", 1, QUERY_TERMS)))
            .distinct().toLocalIterator()}
    buf: list[tuple] = []

    def emit(number: int, story: Story) -> None:
        buf.append((number,) + _to_row(asdict(story), Story))
        if len(buf) >= STORY_CHUNK:
            write_chunk(list(buf))
            buf.clear()

    index = StreamStories(params, late, emit, sweep_min)
    for row in records.orderBy("phase", "t", "pos").toLocalIterator():
        index.add(tuple(row))
    index.finish()
    if buf or not index.written:
        write_chunk(list(buf))
    records.unpersist()
    feats.unpersist()
    return {"articles": docs, "stories": index.written, "peak_live": index.peak_live, "late_terms": len(late)}


def delete_path(spark, path: str) -> None:
    """Remove a folder on any file system Spark writes (local, s3a://, hdfs://)."""
    jvm = spark.sparkContext._jvm
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    fs = hpath.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if fs.exists(hpath):
        fs.delete(hpath, True)


def write_stories(spark, numbered, groups, out: str, params: StoryParams | None = None,
                  sweep_min: int = SWEEP_MIN) -> dict[str, int]:
    """`out`/stories: one row per story, the fields of model.Story, in the order Linker lists them."""
    from pyspark.sql import types as T

    out = out.rstrip("/")
    tmp = f"{out}/stories-parts"            # not _-prefixed: Spark's reader skips such paths
    delete_path(spark, tmp)
    schema = T.StructType([T.StructField("_n", T.LongType(), False), *story_schema().fields])

    def write_chunk(rows: list[tuple]) -> None:
        spark.createDataFrame(rows, schema).write.mode("append").parquet(tmp)

    counts = compute_stories(spark, numbered, groups, write_chunk, params, sweep_min)
    spark.read.schema(schema).parquet(tmp).orderBy("_n").drop("_n").write.mode("overwrite").parquet(f"{out}/stories")
    delete_path(spark, tmp)
    return counts


def link_columns(spark, out: str):
    """DataFrame (id, duplicate_group, duplicate_of, story): each linked article's link fields as
    `Linker.annotate` fills them, read from the `duplicates` and `stories` tables."""
    from pyspark.sql import functions as F

    out = out.rstrip("/")
    dup = spark.read.parquet(f"{out}/duplicates") \
        .select(F.explode("members").alias("id"), F.col("id").alias("duplicate_group"), "canonical") \
        .withColumn("duplicate_of", F.when(F.col("id") != F.col("canonical"), F.col("canonical"))) \
        .drop("canonical")
    story = spark.read.parquet(f"{out}/stories").select(F.explode("timeline.article").alias("id"),
                                                        F.col("id").alias("story"))
    return story.join(dup, "id", "left").select("id", "duplicate_group", "duplicate_of", "story")


def with_links(articles, links):
    """The article frame with its link columns (duplicate_group, duplicate_of, story) filled."""
    cols = articles.columns
    names = ["duplicate_group", "duplicate_of", "story"]
    return articles.drop(*names).join(links, "id", "left").select(*cols)
