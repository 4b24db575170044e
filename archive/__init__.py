"""The SQLite archive: schema, storage and (later) its datasette face. Knows nothing of Scrapy."""

from archive.store import Archive

__all__ = ["Archive"]
