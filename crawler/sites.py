"""Site definitions: the files in ``seeds/``, checked and read into :class:`Site` objects.

A definition says what to crawl (sections, feeds, sitemaps), what an article URL looks like, and only those
selectors that generic extraction gets wrong on that site. ``extends = "<key>"`` reuses another site's
listing and selectors (Dân sinh runs on Dân trí's templates). ``render = "browser"`` says a site's pages only
appear once their scripts ran (``[listing] render`` says it of its listings only): :mod:`crawler.browser`.

Every file is checked against :data:`SCHEMA` when it is read. A broken file disables its own site only, with a
one-line message naming the file and the key (:func:`load_seeds`); every other site and command still works.
Besides the package's own ``seeds/``, the folders in ``ANSINH_SEEDS`` (separated by ``:``) are read too, later
ones replacing a site of the same key: a user's own sites need no change to the package.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel.csstranslator import HTMLTranslator
from w3lib.url import canonicalize_url

# Parameters that only say where a reader came from.
TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|zarsrc|zalo_\w+|_ga|mc_\w+|ref)$", re.IGNORECASE)

SELECTOR_FIELDS = ("title", "sapo", "body", "author", "published", "category", "tags", "exclude")
# key → (type of its value, required). "css" is a selector or a list of them, "regex" a regular expression.
SCHEMA = {
    "key": ("str", True),
    "name": ("str", True),
    "base": ("url", True),
    "hosts": ("list[str]", True),
    "article": ("regex", True),
    "sections": ("sections", True),
    "extends": ("str", False),
    "schedule": ("cron", False),
    "feeds": ("list[str]", False),
    "sitemaps": ("list[str]", False),
    "drop_params": ("list[str]", False),
    "url_date": ("regex", False),
    "overlap": ("int", False),
    "live": ("bool", False),
    "render": ("render", False),
    "listing": ("listing", False),
    "selectors": ("selectors", False),
}
SECTION_KEYS = ("name", "url", "pages")
LISTING_KEYS = ("links", "render")
# How pages may be read: "browser" renders them in headless Chromium (a site whose pages only appear after their
# scripts ran); plain requests are the default.
RENDERERS = ("browser",)


class UnknownSite(KeyError):
    """A site key that no definition in seeds/ has."""


class SeedError(ValueError):
    """A seed file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Section:
    name: str
    url: str
    pages: str

    def page_url(self, page: int) -> str:
        """The absolute URL of listing page ``page`` (1 is the section's own URL)."""
        return self.url if page == 1 else urljoin(self.url, self.pages.format(page=page))


@dataclass(frozen=True)
class Site:
    key: str
    name: str
    base: str
    hosts: tuple[str, ...]
    article: re.Pattern
    sections: tuple[Section, ...]
    schedule: str = "0 */6 * * *"
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    # None: the seed names no selector for a listing's article links, so every link is looked at.
    listing_links: str | None = None
    selectors: dict = field(default_factory=dict)
    drop_params: frozenset[str] = frozenset()
    url_date: re.Pattern | None = None
    overlap: int = 1
    # False: the site is gone; it can only be rescued from the Internet Archive (``ansinh rescue``).
    live: bool = True
    #: the kinds of page ("listing", "article") read through the browser; the others are plain requests
    rendered: frozenset[str] = frozenset()

    def canonical(self, url: str) -> str:
        """The URL an article is stored under: the site's own scheme and host, parameters sorted,
        tracking and ``drop_params`` parameters removed, no fragment."""
        parts = urlsplit(url)
        query = [
            (name, value)
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
            if name not in self.drop_params and not TRACKING_PARAMS.match(name)
        ]
        base = urlsplit(self.base)
        host = base.netloc if parts.hostname in self.hosts else parts.netloc
        return canonicalize_url(urlunsplit((base.scheme, host, parts.path, urlencode(query), "")))

    def is_article(self, url: str) -> bool:
        """Whether a URL is an article of this site's social-security sections."""
        parts = urlsplit(url)
        if parts.hostname not in self.hosts:
            return False
        return bool(self.article.search(parts.path + ("?" + parts.query if parts.query else "")))


# Checking


def _problem(where: str, key: str, message: str) -> SeedError:
    return SeedError(f"{where}: {key}: {message}")


def _unknown(where: str, key: str, known) -> SeedError:
    close = difflib.get_close_matches(key, list(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f"; the keys are: {', '.join(known)}"
    return _problem(where, key, f"unknown key{hint}")


def _check_css(where: str, key: str, value) -> None:
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(css, str) and css.strip() for css in values):
        raise _problem(where, key, "must be a CSS selector or a list of them")
    for css in values:
        try:
            HTMLTranslator().css_to_xpath(css)
        except Exception as error:  # cssselect raises several kinds of its own
            raise _problem(where, key, f"not a CSS selector: {css!r} ({error})") from None


def _check_value(where: str, key: str, kind: str, value) -> None:
    if kind in ("str", "url", "regex", "cron") and not (isinstance(value, str) and value.strip()):
        raise _problem(where, key, "must be a non-empty string")
    if kind == "url" and urlsplit(value).scheme not in ("http", "https"):
        raise _problem(where, key, f"must be an http(s) URL, not {value!r}")
    if kind == "regex":
        try:
            re.compile(value)
        except re.error as error:
            raise _problem(where, key, f"not a regular expression: {error}") from None
    if kind == "cron":
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(value)
        except ValueError as error:
            raise _problem(where, key, f"not a cron expression: {error}") from None
    if kind == "bool" and not isinstance(value, bool):
        raise _problem(where, key, "must be true or false")
    if kind == "render" and value not in RENDERERS:
        raise _problem(where, key, f"must be one of {', '.join(map(repr, RENDERERS))}, not {value!r}")
    if kind == "int" and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise _problem(where, key, "must be a whole number, 0 or more")
    if kind == "list[str]" and not (isinstance(value, list) and all(isinstance(v, str) and v for v in value)):
        raise _problem(where, key, "must be a list of strings")
    if kind in ("listing", "selectors"):
        # Tables of CSS selectors by name.
        known = LISTING_KEYS if kind == "listing" else SELECTOR_FIELDS
        if not isinstance(value, dict):
            raise _problem(where, key, "must be a table")
        for name, css in value.items():
            if name not in known:
                raise _unknown(where, f"{key}.{name}", known)
            if name == "render":
                _check_value(where, f"{key}.{name}", "render", css)
            else:
                _check_css(where, f"{key}.{name}", css)
    if kind == "sections":
        if not (isinstance(value, list) and value):
            raise _problem(where, key, "must list at least one [[sections]]")
        for number, section in enumerate(value, 1):
            name = f"sections[{number}]"
            if not isinstance(section, dict):
                raise _problem(where, name, "must be a table")
            for part in section:
                if part not in SECTION_KEYS:
                    raise _unknown(where, f"{name}.{part}", SECTION_KEYS)
            for part in SECTION_KEYS:
                if not (isinstance(section.get(part), str) and section[part].strip()):
                    raise _problem(where, f"{name}.{part}", "is missing")
            if "{page}" not in section["pages"]:
                raise _problem(where, f"{name}.pages", "must contain {page}")


def check_definition(where: str, data: dict, complete: bool) -> None:
    """Raise :class:`SeedError` for the first problem of a definition; ``complete`` once ``extends`` is resolved
    (a file that extends another may leave out what it inherits)."""
    for key, value in data.items():
        if key not in SCHEMA:
            raise _unknown(where, key, SCHEMA)
        _check_value(where, key, SCHEMA[key][0], value)
    if complete:
        for key, (_, required) in SCHEMA.items():
            if required and key not in data:
                raise _problem(where, key, "is missing")
    elif "key" not in data:
        raise _problem(where, "key", "is missing")


# Reading


def _site_from(data: dict) -> Site:
    base = data["base"].rstrip("/")
    listing = data.get("listing", {})
    return Site(
        key=data["key"],
        name=data["name"],
        base=base,
        hosts=tuple(data["hosts"]),
        article=re.compile(data["article"]),
        sections=tuple(
            Section(name=s["name"], url=urljoin(base + "/", s["url"]), pages=s["pages"]) for s in data["sections"]
        ),
        schedule=data.get("schedule", Site.schedule),
        feeds=tuple(urljoin(base + "/", f) for f in data.get("feeds", [])),
        sitemaps=tuple(urljoin(base + "/", s) for s in data.get("sitemaps", [])),
        listing_links=listing.get("links"),
        selectors=data.get("selectors", {}),
        drop_params=frozenset(data.get("drop_params", [])),
        url_date=re.compile(data["url_date"]) if "url_date" in data else None,
        overlap=data.get("overlap", Site.overlap),
        live=data.get("live", Site.live),
        # A whole site rendered, or only its listings.
        rendered=frozenset({"listing", "article"} if "render" in data else {"listing"} if "render" in listing
                           else ()),
    )


def seed_folders() -> list[Path]:
    """Where seed files are read from: the package's own folder, then those named in ``ANSINH_SEEDS``."""
    extra = [Path(folder) for folder in os.environ.get("ANSINH_SEEDS", "").split(os.pathsep) if folder]
    return [Path(str(resources.files("seeds"))), *extra]


@dataclass(frozen=True)
class Seeds:
    """The usable sites by key, and the broken seed files: site key (or file name) → one-line message."""

    sites: dict[str, Site]
    errors: dict[str, str]
    raw: dict[str, dict]


def _read(folders: tuple[Path, ...]) -> tuple[dict[str, tuple[str, dict]], dict[str, str]]:
    files: dict[str, tuple[str, dict]] = {}
    errors: dict[str, str] = {}
    for number, folder in enumerate(folders):
        for path in sorted(folder.glob("*.toml")):
            # The package's own files by their place in the project, a user's by their whole path.
            where = f"seeds/{path.name}" if number == 0 else str(path)
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
                check_definition(where, data, complete=False)
                if data["key"] != path.stem:
                    raise _problem(where, "key", f"{data['key']!r} must match the file name ({path.stem!r})")
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
                errors[path.stem] = f"{where}: cannot be read: {error}"
                files.pop(path.stem, None)
                continue
            except SeedError as error:
                errors[path.stem] = str(error)
                files.pop(path.stem, None)
                continue
            errors.pop(path.stem, None)
            files[path.stem] = (where, data)
    return files, errors


def _resolve(key: str, files: dict[str, tuple[str, dict]], errors: dict[str, str], chain=()) -> dict:
    where, data = files[key]
    if "extends" not in data:
        return data
    parent = data["extends"]
    if parent in chain or parent == key:
        raise _problem(where, "extends", f"goes round in a circle ({' → '.join((*chain, key, parent))})")
    if parent not in files:
        reason = "is broken" if parent in errors else "is not a site"
        raise _problem(where, "extends", f"{parent!r} {reason}")
    inherited = _resolve(parent, files, errors, (*chain, key))
    merged = {**inherited, **data}
    del merged["extends"]
    for table in ("listing", "selectors"):
        merged[table] = {**inherited.get(table, {}), **data.get(table, {})}
    return merged


@lru_cache(maxsize=8)
def _load(folders: tuple[Path, ...], stamps: tuple) -> Seeds:
    files, errors = _read(folders)
    sites, raw = {}, {}
    for key in sorted(files):
        where = files[key][0]
        try:
            data = _resolve(key, files, errors)
            check_definition(where, data, complete=True)
        except SeedError as error:
            errors[key] = str(error)
            continue
        raw[key] = data
        sites[key] = _site_from(data)
    return Seeds(sites=sites, errors=dict(sorted(errors.items())), raw=raw)


def load_seeds() -> Seeds:
    """Every seed file, checked: the usable sites (in alphabetical order) and the broken files."""
    folders = tuple(seed_folders())
    # The files' times are part of the cache key: an edited seed is read again.
    stamps = tuple((path, path.stat().st_mtime_ns) for folder in folders for path in sorted(folder.glob("*.toml")))
    return _load(folders, stamps)


def load_sites() -> dict[str, Site]:
    """The usable site definitions, by key, in alphabetical order (broken seed files left out)."""
    return load_seeds().sites


def _lookup(key: str, table: str):
    seeds = load_seeds()
    if key in seeds.errors:
        raise SeedError(seeds.errors[key])
    found = getattr(seeds, table)
    if key not in found:
        raise UnknownSite(f"unknown site {key!r}; the sites are: {', '.join(seeds.sites)}")
    return found[key]


def definition(key: str) -> dict:
    """A site's definition as written in seeds/ (``extends`` resolved), for tools that need the raw values."""
    return _lookup(key, "raw")


def get_site(key: str) -> Site:
    """One site definition. :class:`UnknownSite` names the keys that exist; :class:`SeedError` says what is
    wrong with a broken one."""
    return _lookup(key, "sites")
