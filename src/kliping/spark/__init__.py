"""Scale-out: the same per-page pipeline and near-duplicate grouping on Apache Spark.

`parquet_io` (reading articles back from Parquet) needs only pyarrow; `job` and `dedup`
need the optional `spark` extra (`pip install kliping[spark]`) and Java 17.
"""
