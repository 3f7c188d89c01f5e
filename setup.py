"""Builds the C extensions (read/_lexborwalk.c: the DOM walk; _crftag.c: CRF tagging); everything
else is in pyproject.toml.

Both are optional: where they cannot be built (no compiler), kliping installs and runs the same
DOM walk in Python (read/html.py) and tags with python-crfsuite (crf.py)."""
from setuptools import Extension, setup

setup(ext_modules=[Extension("kliping.read._lexborwalk", ["src/kliping/read/_lexborwalk.c"],
                             extra_compile_args=["-O2"], optional=True),
                   Extension("kliping._crftag", ["src/kliping/_crftag.c"], extra_compile_args=["-O2"],
                             optional=True),
                   Extension("kliping.archive._ftsrank", ["src/kliping/archive/_ftsrank.c"],
                             extra_compile_args=["-O2"], optional=True)])
