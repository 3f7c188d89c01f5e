"""Builds the one C extension (read/_lexborwalk.c); everything else is in pyproject.toml.

The extension is optional: where it cannot be built (no compiler), kliping installs and runs
the same walk in Python (read/html.py)."""
from setuptools import Extension, setup

setup(ext_modules=[Extension("kliping.read._lexborwalk", ["src/kliping/read/_lexborwalk.c"],
                             extra_compile_args=["-O2"], optional=True)])
