"""Site definitions: the files in ``seeds/``, read into :class:`Site` objects.

A definition says what to crawl (sections, feeds, sitemaps), what an article URL looks like, and only those
selectors that generic extraction gets wrong on that site. ``extends = "<key>"`` reuses another site's
listing and selectors (Dân sinh runs on Dân trí's templates).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Parameters that only say where a reader came from.
TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|zarsrc|zalo_\w+|_ga|mc_\w+|ref)$", re.IGNORECASE)


class UnknownSite(KeyError):
    """A site key that no definition in seeds/ has."""


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
    listing_links: str = "a"
    selectors: dict = field(default_factory=dict)
    drop_params: frozenset[str] = frozenset()
    url_date: re.Pattern | None = None
    overlap: int = 1

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
        listing_links=listing.get("links", "a"),
        selectors=data.get("selectors", {}),
        drop_params=frozenset(data.get("drop_params", [])),
        url_date=re.compile(data["url_date"]) if "url_date" in data else None,
        overlap=data.get("overlap", Site.overlap),
    )


def _raw_definitions() -> dict[str, dict]:
    definitions = {}
    for entry in resources.files("seeds").iterdir():
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            definitions[data["key"]] = data
    return definitions


def _resolve(key: str, raw: dict[str, dict]) -> dict:
    data = raw[key]
    if "extends" not in data:
        return data
    parent = _resolve(data["extends"], raw)
    merged = {**parent, **data}
    for table in ("listing", "selectors"):
        merged[table] = {**parent.get(table, {}), **data.get(table, {})}
    return merged


def definition(key: str) -> dict:
    """A site's definition as written in seeds/ (``extends`` resolved), for tools that need the raw values."""
    raw = _raw_definitions()
    if key not in raw:
        raise UnknownSite(f"unknown site {key!r}; the sites are: {', '.join(sorted(raw))}")
    return _resolve(key, raw)


def load_sites() -> dict[str, Site]:
    """All site definitions in seeds/, by key, in alphabetical order."""
    raw = _raw_definitions()
    return {key: _site_from(_resolve(key, raw)) for key in sorted(raw)}


def get_site(key: str) -> Site:
    """One site definition; :class:`UnknownSite` names the keys that exist."""
    sites = load_sites()
    if key not in sites:
        raise UnknownSite(f"unknown site {key!r}; the sites are: {', '.join(sites)}")
    return sites[key]
