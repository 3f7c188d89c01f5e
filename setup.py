"""Builds the C extensions (read/_lexborwalk.c: the DOM walk; _crftag.c: CRF tagging;
archive/_ftsrank.c: the search's BM25 with remembered document counts); everything else is in
pyproject.toml.

All are optional: where they cannot be built (no compiler, no SQLite header for _ftsrank), kliping
installs and runs the same DOM walk in Python (read/html.py), tags with python-crfsuite (crf.py)
and ranks with FTS5's own bm25() (archive/rank.py): the same results, slower."""
from setuptools import Extension, setup

setup(ext_modules=[Extension("kliping.read._lexborwalk", ["src/kliping/read/_lexborwalk.c"],
                             extra_compile_args=["-O2"], optional=True),
                   Extension("kliping._crftag", ["src/kliping/_crftag.c"], extra_compile_args=["-O2"],
                             optional=True),
                   Extension("kliping.archive._ftsrank", ["src/kliping/archive/_ftsrank.c"],
                             extra_compile_args=["-O2"], optional=True)])
