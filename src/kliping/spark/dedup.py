"""Duplicate groups at scale: the local linking stage's exact and near-duplicate rules, on Spark.

Everything a group depends on is taken from `kliping.link` (body normalisation, exact key,
MinHash signatures with its permutations and seed, LSH band keys, threshold, the time and length
that choose the canonical article), so the groups equal those of `kliping.link.link()` over the
same articles (both number them in `canonical_order`: day, then id). What is distributed is the work between those rules:

- normalisation, exact keys, signatures and band keys are computed on executors (`mapPartitions`);
- candidate pairs come from Spark's shuffle: band buckets are window partitions. The local index
  pairs each document with the `_RUN_LINKS` documents before it in its bucket within a batch of
  `CHUNK` articles, and with the first `_RUN_LINKS` documents of earlier batches in that bucket;
  the same pairs are formed here with `lag` and `row_number` over (band, bucket);
- pairs are verified as locally: the signatures' estimate against the prefilter floor, then the
  exact Jaccard of the k-gram hash sets against the threshold (Spark SQL on the arrays);
- connected components of the verified pairs and exact-copy edges by large-star / small-star
  rounds (Kiveris et al., "Connected Components in MapReduce and Beyond", 2014), written here with
  RDD joins because GraphFrames is a JVM package that cannot be installed offline; it converges in
  O(log n) rounds where plain min-label propagation needs as many rounds as the longest chain, and
  LSH chains (each document linked to its predecessor in a bucket) can be long. The component's
  smallest position is its root, as the local union-find's is.
"""
from __future__ import annotations

import math
from typing import Any, Iterator

# Positions: articles numbered 0.. in input order after dropping repeated ids, as Linker numbers them.


def _features(rows: Iterator[Any]) -> Iterator[tuple]:
    """(pos, id, exact key, time, length, signature, band keys) of each article of a partition."""
    import numpy as np

    from ..link import dedup as dd
    from ..link.collection import article_time
    from ..link.shingles import normalise
    from .records import article_from_row

    params = dd.DedupParams()
    index = dd.DedupIndex(params)   # only for its band-key function and multipliers (same seed)
    hasher = [index.hasher] if hasattr(index, "hasher") else []
    batch: list[tuple] = []

    def flush() -> Iterator[tuple]:
        texts = [b[5] for b in batch]
        keyed = [i for i, b in enumerate(batch) if b[2] is not None]
        sig = dd.signatures([texts[i] for i in keyed], params, *hasher) if keyed else np.zeros((0, params.num_perm), np.uint32)
        bands = index._band_keys(sig) if len(keyed) else np.zeros((params.bands, 0), np.uint64)
        # the k-gram hash set the local index keeps for the exact Jaccard check (upper 32 bits, distinct)
        h, off = index.hasher.batch([texts[i] for i in keyed]) if keyed else (None, None)
        at = {i: k for k, i in enumerate(keyed)}
        for i, (pos, aid, key, t, length, _text) in enumerate(batch):
            k = at.get(i)
            grams = None
            if k is not None:
                grams = np.unique((h[off[k]:off[k + 1]] >> np.uint64(32)).astype(np.uint32)).view(np.int32).tolist()
            yield (pos, aid, key, t, length,
                   sig[k].view(np.int32).tolist() if k is not None else None,
                   bands[:, k].view(np.int64).tolist() if k is not None else None, grams)
        batch.clear()

    for pos, row in rows:
        a = article_from_row(row)
        norm = normalise(a.body)
        key = dd.exact_key(norm)
        t = article_time(a)
        batch.append((pos, a.id, None if key is None else _signed(key), math.inf if math.isnan(t) else t,
                      len(norm), norm))
        if len(batch) >= 2000:
            yield from flush()
    if batch:
        yield from flush()


def _signed(u: int) -> int:
    return u - (1 << 64) if u >= 1 << 63 else u


def connected_components(edges, max_rounds: int = 100):
    """RDD of (node, component root = smallest node) for every node on an edge. `edges`: RDD of (u, v)."""
    edges = edges.filter(lambda e: e[0] != e[1]).map(lambda e: (max(e), min(e))).distinct()
    for _ in range(max_rounds):
        large = _large_star(edges)
        small = _small_star(large)
        changed = small.subtract(edges).union(edges.subtract(small)).count()
        edges = small.cache()
        if not changed:
            break
    else:
        raise RuntimeError("connected components did not converge")
    # converged: a star per component, every edge (node, root)
    return edges.union(edges.map(lambda e: (e[1], e[1])).distinct())


def _large_star(edges):
    """Each node links its larger neighbours to the smallest node of its neighbourhood."""
    def emit(kv):
        u, nbrs = kv
        nbrs = set(nbrs)
        m = min(nbrs | {u})
        return [(v, m) for v in nbrs if v > u]

    return edges.flatMap(lambda e: [(e[0], e[1]), (e[1], e[0])]).groupByKey().flatMap(emit).distinct()


def _small_star(edges):
    """Each node links itself and its smaller neighbours to the smallest of them."""
    def emit(kv):
        u, nbrs = kv
        nbrs = set(nbrs)
        m = min(nbrs | {u})
        return [(v, m) for v in nbrs | {u} if v != m]

    return edges.map(lambda e: (max(e), min(e))).groupByKey().flatMap(emit).distinct()


def numbered_articles(articles):
    """RDD of (position, row dict): the articles `kliping.link.link()` keeps (of one id, the first in
    its `canonical_order`: by day, then input order), numbered 0.. in that order (day, then id), as
    Linker numbers them there. `articles`: the article table with `_file`, `_pos` columns."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    # canonical_order's key: the first ten characters of published, else published_estimate, else U+FFFF
    # (Spark orders strings by their UTF-8 bytes, which is Python's code-point order)
    day = F.substring(F.coalesce(F.col("published"), F.col("published_estimate"), F.lit("\uffff")), 1, 10)
    first = Window.partitionBy("id").orderBy(day, "_file", "_pos")
    kept = articles.withColumn("_n", F.row_number().over(first)).filter("_n = 1").orderBy(day, "id")
    cols = kept.drop("_n", "_file", "_pos").columns
    return kept.select(*cols).rdd.zipWithIndex().map(lambda r: (r[1], r[0].asDict(recursive=True)))


def duplicate_groups(spark, articles, chunk: int | None = None, numbered=None):
    """DataFrame of duplicate groups (id, kind, canonical, members) over `articles`.

    `articles`: a DataFrame of the article table with `_file`, `_pos` (input position) columns;
    `numbered`: its `numbered_articles` when the caller has them already."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    from ..link import dedup as dd
    from ..link.collection import CHUNK

    chunk = chunk or CHUNK
    params = dd.DedupParams()
    run_links = getattr(dd, "_RUN_LINKS", 4)
    # Linker keeps the first article of an id; positions count the kept ones in input order
    if numbered is None:
        numbered = numbered_articles(articles)
    feat_schema = T.StructType([
        T.StructField("pos", T.LongType()), T.StructField("id", T.StringType()),
        T.StructField("key", T.LongType()), T.StructField("t", T.DoubleType()),
        T.StructField("length", T.LongType()),
        T.StructField("sig", T.ArrayType(T.IntegerType())), T.StructField("bands", T.ArrayType(T.LongType())),
        T.StructField("grams", T.ArrayType(T.IntegerType()))])
    feats = spark.createDataFrame(numbered.mapPartitions(_features), feat_schema).cache()

    # exact copies: the first position with the same exact key; only those go through LSH
    rep = feats.filter("key IS NOT NULL").groupBy("key").agg(F.min("pos").alias("rep"))
    feats = feats.join(rep, "key", "left").withColumn("rep", F.coalesce("rep", F.lit(-1))).cache()
    exact_edges = feats.filter("rep >= 0 AND rep != pos").select("pos", "rep")
    reps = feats.filter("rep = pos").withColumn("batch", F.floor(F.col("pos") / chunk))
    buckets = reps.select("pos", "batch", F.posexplode("bands").alias("band", "bkey"))
    in_bucket = Window.partitionBy("band", "bkey", "batch").orderBy("pos")
    # within a batch: each document with the run_links documents before it in its bucket
    within = None
    for back in range(1, run_links + 1):
        part = buckets.withColumn("prev", F.lag("pos", back).over(in_bucket)).filter("prev IS NOT NULL") \
            .select(F.col("pos").alias("a"), F.col("prev").alias("b"))
        within = part if within is None else within.union(part)
    heads = buckets.withColumn("r", F.row_number().over(Window.partitionBy("band", "bkey").orderBy("pos"))) \
        .filter(F.col("r") <= run_links).select("band", "bkey", F.col("pos").alias("b"), F.col("batch").alias("hb"))
    earlier = buckets.join(heads, ["band", "bkey"]).filter("hb < batch").select(F.col("pos").alias("a"), "b")
    pairs = within.union(earlier).distinct()
    # verification as the local index does it: the signature estimate keeps pairs that may reach the
    # threshold (floor computed in Python, the same double), then the exact Jaccard of the k-gram sets
    floor = params.threshold - getattr(dd, "PREFILTER_MARGIN", 0.0)
    sig = reps.select("pos", "sig", "grams")
    verified = pairs.join(sig.toDF("a", "sa", "ga"), "a").join(sig.toDF("b", "sb", "gb"), "b") \
        .withColumn("same", F.expr("size(filter(zip_with(sa, sb, (x, y) -> x = y), z -> z))")) \
        .filter(F.col("same") / F.lit(float(params.num_perm)) >= F.lit(floor)) \
        .withColumn("inter", F.expr("size(array_intersect(ga, gb))")) \
        .withColumn("jaccard", F.expr("CASE WHEN size(ga) + size(gb) = 0 THEN 0.0D "
                                      "ELSE inter / (size(ga) + size(gb) - inter) END")) \
        .filter(F.col("jaccard") >= F.lit(params.threshold)).select("a", "b")
    edges = exact_edges.rdd.map(lambda r: (r[0], r[1])).union(verified.rdd.map(lambda r: (r[0], r[1])))
    comp = spark.createDataFrame(connected_components(edges),
                                 T.StructType([T.StructField("pos", T.LongType()), T.StructField("root", T.LongType())]))
    members = comp.join(feats.select("pos", "id", "t", "length", "rep"), "pos")
    by_canon = Window.partitionBy("root").orderBy(F.col("t"), F.col("length").desc(), F.col("pos"))
    members = members.withColumn("canon", F.first("id").over(by_canon.rowsBetween(Window.unboundedPreceding,
                                                                                   Window.unboundedFollowing)))
    groups = members.groupBy("root").agg(
        F.first("canon").alias("canonical"),
        F.sort_array(F.collect_list(F.struct("pos", "id"))).alias("m"),
        F.min("rep").alias("lo"), F.max("rep").alias("hi"))
    return groups.orderBy("root").select(
        F.concat(F.lit("dup:"), F.col("canonical")).alias("id"),
        F.when((F.col("lo") == F.col("hi")) & (F.col("lo") >= 0), "exact").otherwise("near").alias("kind"),
        "canonical", F.col("m.id").alias("members"))


def write_duplicates(spark, articles, out: str, numbered=None) -> None:
    """`out`/duplicates: one row per duplicate group, the fields of model.DuplicateGroup."""
    duplicate_groups(spark, articles, numbered=numbered).write.mode("overwrite").parquet(f"{out.rstrip('/')}/duplicates")
