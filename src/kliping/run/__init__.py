"""Pipelines and executors."""
