"""The archive reader: web pages and a JSON API (FastAPI) over a kliping SQLite archive."""
import os

from .app import create_app

__all__ = ["create_app", "app_from_env"]


def app_from_env():
    """The app over $KLIPING_ARCHIVE: what each worker process of `kliping serve --workers N` builds."""
    from ..archive.outlet_groups import configure

    configure([p for p in os.environ.get("KLIPING_GROUPS", "").split(os.pathsep) if p])
    return create_app(os.environ["KLIPING_ARCHIVE"], lang=os.environ.get("KLIPING_LANG", "id"),
                      search_cache=int(os.environ.get("KLIPING_SEARCH_CACHE", "256")))
