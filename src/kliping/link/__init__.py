"""Linking a collection of articles: duplicates, related articles, stories, entity timelines."""
from .collection import LinkParams, LinkResult, Linker, article_time, link

__all__ = ["LinkParams", "LinkResult", "Linker", "article_time", "link"]
