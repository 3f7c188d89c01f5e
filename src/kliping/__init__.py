"""kliping: scraped Indonesian news pages to clean, structured articles."""
from .model import ROLES, SCHEMA_VERSION, Article, Document, Line, Rejection

__version__ = "0.1.0"
__all__ = ["Article", "Document", "Extractor", "Line", "ROLES", "Rejection", "SCHEMA_VERSION", "extract"]


def __getattr__(name: str):
    # the model loads on first use, not on `import kliping`
    if name in ("Extractor", "extract"):
        from .run import extract as _extract

        return getattr(_extract, name)
    raise AttributeError(name)
