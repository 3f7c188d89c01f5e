"""`kliping crawl`: collect the news itself, on Scrapy.

An outlets file (TOML, `outlets.py`) names each outlet's feeds, sitemaps and section pages. The
spider (`spider.py`) discovers article URLs from them, canonicalises each (`urls.py`) and skips
those the archive already holds (`state.py`); every response is written to WARC before anything
reads it (`warcfile.py`); fetched pages go through the pipeline into the archive in batches
(`ingest.py`); `run.py` ties them together and resumes a killed run from its WARC files.
"""
