"""Collectors that fetch nothing: re-extraction of the archive's kept pages, and import of others' WARC files.

Both read each page as the crawler does (:meth:`crawler.items.ArticlePage.read`: charset, extraction, the
section's name as a missing category) and store it through the archive's API, so a page gives the same rows
whichever way it came in. A WARC record is an article when its URL is, by the site definitions
(:meth:`crawler.sites.Site.is_article`: the sites' hosts and the pattern of their sections' articles), exactly
as a crawl decides which links of a listing to follow.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from warcio.archiveiterator import ArchiveIterator

from archive import Archive
from crawler.items import ArticlePage
from crawler.sites import Site

log = logging.getLogger(__name__)

# The columns re-extraction compares and reports on: everything extraction gives but the fetch time.
EXTRACTED = ("title", "sapo", "text", "author", "published", "category", "tags", "title_source", "sapo_source",
             "text_source", "author_source", "published_source", "published_precision", "category_source")
# Progress is told at most this often (seconds).
PROGRESS_EVERY = 2.0
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class Tally:
    """What a collector did: outcomes of the articles stored, and what it skipped or failed on, by reason."""

    outcomes: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    failed: Counter = field(default_factory=Counter)
    #: re-extraction: per field, the articles whose value of it changed
    fields: Counter = field(default_factory=Counter)
    read: int = 0

    @property
    def stored(self) -> int:
        return sum(self.outcomes.values())

    def summary(self, verb: str) -> str:
        """One line: "imported 12 (3 new, 1 updated, 8 unchanged), skipped 40 (…), failed 2 (…)"."""
        def reasons(counts: Counter) -> str:
            return f" ({', '.join(f'{reason} ×{n}' for reason, n in counts.most_common())})" if counts else ""

        outcomes = ", ".join(f"{self.outcomes[name]} {name}" for name in ("new", "updated", "unchanged"))
        return (f"{verb} {self.stored} ({outcomes}), skipped {sum(self.skipped.values())}{reasons(self.skipped)}, "
                f"failed {sum(self.failed.values())}{reasons(self.failed)}")


class NotAWarc(ValueError):
    """A file that is not a WARC or ARC file (or cannot be read)."""


def _every(progress: Callable[[Tally], None] | None) -> Callable[[Tally], None]:
    """A progress callback called at most every ``PROGRESS_EVERY`` seconds."""
    last = time.monotonic()

    def tick(tally: Tally) -> None:
        nonlocal last
        if progress is not None and time.monotonic() - last >= PROGRESS_EVERY:
            last = time.monotonic()
            progress(tally)

    return tick


# Re-extraction


def _stored_form(page: ArticlePage) -> dict:
    """The article's columns as the archive stores them (tags as JSON), to compare with a stored row."""
    row = page.article.row()
    row["tags"] = json.dumps(row["tags"], ensure_ascii=False)
    return row


def reextract(db: Path, sites: list[Site], progress: Callable[[Tally], None] | None = None) -> Tally:
    """Extract every kept page of these sites again, offline, and store the articles whose fields changed.

    A page that gave no article before and gives one now becomes an article (and leaves ``failures``); an
    article that no longer extracts is kept as it was, and counted as failed. Changed text, title or date keep
    the earlier version (``article_versions``), as a re-fetch does.
    """
    archive, tally, tick = Archive(db), Tally(), _every(progress)
    by_key = {site.key: site for site in sites}
    try:
        for kept in archive.kept_pages(list(by_key)):
            tally.read += 1
            tick(tally)
            if kept.status != 200:
                tally.skipped[f"HTTP {kept.status}"] += 1
                continue
            before = archive.article(kept.url)
            # The category a listing gave a page that names none is not on the page: it stays.
            section = before["category"] if before and before["category_source"] == "listing" else None
            page = ArticlePage.read(by_key[kept.site], kept.url, kept.body, kept.content_type, kept.status, section)
            if page.article is None:
                if before is None:
                    tally.skipped["still no article"] += 1
                else:
                    log.warning("%s no longer gives an article (%s); its row is kept", kept.url, page.error)
                    tally.failed["no longer extracted"] += 1
                continue
            row = {**_stored_form(page), "fetched": kept.fetched}
            changed = [name for name in EXTRACTED if before is None or before[name] != row[name]]
            if before is not None and archive.images(kept.url) != page.article.images:
                changed.append("images")
            if not changed:
                tally.outcomes["unchanged"] += 1
                continue
            archive.store_article(row, page.article.images)
            if before is None:
                tally.outcomes["new"] += 1
                archive.clear_failure(kept.url)
            else:
                tally.outcomes["updated"] += 1
                tally.fields.update(changed)
    finally:
        archive.close()
    return tally


# Import


def check_warc(path: Path) -> str:
    """Read a file's first record: its format, "warc" or "arc".

    :raises NotAWarc: when the file is missing, empty, or not a WARC or ARC file (gzipped or not).
    """
    try:
        with path.open("rb") as stream:
            return next(iter(ArchiveIterator(stream))).format
    except StopIteration:
        raise NotAWarc(f"{path} is empty: no WARC record in it") from None
    except OSError as error:
        raise NotAWarc(f"cannot read {path}: {error.strerror or error}") from None
    # warcio raises several kinds of its own on what is not a WARC: ArchiveLoadFailed, ValueError, EOFError…
    except Exception as error:
        raise NotAWarc(f"{path} is not a WARC or ARC file ({str(error).splitlines()[0][:100]})") from None


def _capture_time(record) -> str | None:
    """The record's WARC-Date as the archive's ISO 8601 in UTC, to the second."""
    value = record.rec_headers.get_header("WARC-Date")
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


class Importer:
    """Imports WARC records into an archive: each ``response`` of an article URL of a known site is read and
    stored like a crawled page, under its real URL; everything else is counted.

    :param mirrors: site key → base URL of a copy of that site: a record under that base is the site's page of
        the same path and query (a WARC recorded from a mirror, as ``crawl --mirror`` reads one).
    """

    def __init__(self, archive: Archive, sites: Iterable[Site], mirrors: dict[str, str] | None = None,
                 progress: Callable[[Tally], None] | None = None):
        self.archive = archive
        self.sites = {site.key: site for site in sites}
        self.mirrors = {key: base.rstrip("/") for key, base in (mirrors or {}).items()}
        self.tally = Tally()
        self.tick = _every(progress)
        self.described: set[str] = set()

    def real_url(self, url: str) -> str:
        for key, base in self.mirrors.items():
            if url == base or url.startswith(base + "/"):
                return self.sites[key].base + url[len(base):]
        return url

    def site_of(self, url: str) -> Site | None:
        return next((site for site in self.sites.values() if site.is_article(url)), None)

    def import_file(self, path: Path) -> None:
        """Import one file's records; a broken record is logged and counted, and the rest read when it can be."""
        # ARC records are read as WARC ones. Only in an ARC file: in a WARC file, warcio would take a line of
        # garbage for an ARC record's header.
        arc = check_warc(path) == "arc"
        with path.open("rb") as stream:
            records = ArchiveIterator(stream, arc2warc=arc, check_digests=True)
            try:
                for record in records:
                    self.import_record(record)
            # A broken file breaks warcio's reader in many ways (ArchiveLoadFailed, zlib.error, AttributeError…).
            except Exception as error:
                log.warning("%s: cannot read on after offset %d: %s", path, records.offset, error)
                self.tally.failed["unreadable record"] += 1
                return
            size = path.stat().st_size
            if records.offset < size:
                # warcio ends without a word at a record cut short at the end of a file.
                log.warning("%s: the record at offset %d is cut short (%d bytes not read)", path, records.offset,
                            size - records.offset)
                self.tally.failed["truncated record"] += 1
            if records.err_count:
                self.tally.failed["record of wrong length"] += records.err_count

    def import_record(self, record) -> None:
        if record.rec_type not in ("response", "revisit"):
            return  # requests, warcinfo, metadata, resources: not pages
        self.tally.read += 1
        self.tick(self.tally)
        if record.rec_type == "revisit":
            # A revisit only says the page was unchanged; its body is in another record.
            self.tally.skipped["revisit"] += 1
            return
        url = self.real_url(record.rec_headers.get_header("WARC-Target-URI") or "")
        site = self.site_of(url)
        if site is None:
            self.tally.skipped["not an article of a known site"] += 1
            return
        headers = record.http_headers
        status = headers.get_statuscode() if headers is not None else None
        if status != "200":
            self.tally.skipped[f"HTTP {status}" if status else "no HTTP status"] += 1
            return
        content_type = headers.get_header("Content-Type")
        if content_type and content_type.split(";")[0].strip().lower() not in HTML_TYPES:
            self.tally.skipped["not HTML"] += 1
            return
        url = site.canonical(url)
        try:
            body = record.content_stream().read()
        except Exception as error:  # a broken chunked or compressed body: zlib.error, ValueError…
            log.warning("%s: cannot decode the body: %s", url, error)
            self.tally.failed["undecodable body"] += 1
            return
        problems = record.digest_checker.problems
        if record.raw_stream.limit or problems:
            log.warning("%s: the record is cut short or damaged%s", url, f" ({problems[0]})" if problems else "")
            self.tally.failed["truncated record"] += 1
            return
        self.store(site, url, body, content_type, _capture_time(record))

    def store(self, site: Site, url: str, body: bytes, content_type: str | None, fetched: str | None) -> None:
        before = self.archive.article(url)
        if before and fetched and datetime.fromisoformat(before["fetched"]) > datetime.fromisoformat(fetched):
            # An older capture never replaces what the archive has from later.
            self.tally.skipped["older than the archived copy"] += 1
            return
        if site.key not in self.described:
            self.archive.describe_site(site.key, site.name, site.base)
            self.described.add(site.key)
        page = ArticlePage.read(site, url, body, content_type, fetched=fetched)
        outcome = page.store(self.archive)
        if outcome is None:
            log.warning("could not extract %s: %s", url, page.error)
            self.tally.failed["unextractable"] += 1
        else:
            self.tally.outcomes[outcome] += 1


def import_warcs(db: Path, files: list[Path], sites: Iterable[Site], mirrors: dict[str, str] | None = None,
                 progress: Callable[[Tally], None] | None = None) -> Tally:
    """Import WARC or ARC files (gzipped or not) into the archive, one after the other (see :class:`Importer`)."""
    archive = Archive(db)
    importer = Importer(archive, sites, mirrors, progress)
    try:
        for path in files:
            importer.import_file(path)
    finally:
        archive.checkpoint()
        archive.close()
    return importer.tally
