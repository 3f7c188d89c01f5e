"""Enrichment of articles: language (more stages to come: entities, time expressions, quotes)."""
