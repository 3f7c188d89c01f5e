"""The archive reader: web pages and a JSON API (FastAPI) over a kliping SQLite archive."""
from .app import create_app

__all__ = ["create_app"]
