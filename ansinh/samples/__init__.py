"""Sample copies of the archived news sites, served on 127.0.0.1 for the demo, tests and benchmarks.

The real sites cannot be reached from here, so each site key of ``seeds/`` has a folder of template pages in
that site's own markup (``ansinh/samples/sites/<key>/``, see its README) and a ``scenario.toml`` of its traps;
one engine (:class:`SampleSite`) fills them with generated articles. ``ANSINH_SAMPLES`` adds folders of more
sites: a new site is a seed and a folder, no code. Typical use::

    from ansinh.samples import build_sites, serve

    sites = build_sites(articles=30)
    with serve(sites) as server:
        crawl(mirrors=server.mirrors())           # {"dantri": "http://127.0.0.1:PORT", ...}
        for article in sites["dantri"].articles:  # the truth to compare with
            article.expected()
"""

from __future__ import annotations

from crawler.sites import load_sites

from .model import HTML, Article, Listing, Page, Section
from .folders import SampleError, site_folders
from .server import Fault, Hit, RequestLog, SampleServer, serve
from .site import SampleSite


def site_keys() -> tuple[str, ...]:
    """The keys of every sample site: the package's and those of ``ANSINH_SAMPLES``."""
    return tuple(site_folders())


# The package's own sample sites (ANSINH_SAMPLES as it was at import).
SITE_KEYS = site_keys()


def build_site(key: str, articles: int = 30, seed: int = 0, per_page: int = 10) -> SampleSite:
    """Build the sample site ``key`` (a key of seeds/ with a sample folder).

    :param key: the site's key
    :param articles: how many in-section articles it has
    :param seed: the generator's seed; the same arguments always give the same site
    :param per_page: items per listing page
    """
    folders = site_folders()
    if key not in folders:
        raise KeyError(f"no sample site {key!r}; the sample sites are: {', '.join(folders)}")
    return SampleSite(folders[key], articles=articles, seed=seed, per_page=per_page)


def build_sites(articles: int = 30, seed: int = 0, per_page: int = 10,
                keys: tuple[str, ...] | list[str] | None = None) -> dict[str, SampleSite]:
    """Build the sample sites ``keys`` (default: every one with a usable seed), by key; the other arguments as
    :func:`build_site`."""
    if keys is None:
        keys = [key for key in site_keys() if key in load_sites()]
    return {key: build_site(key, articles, seed, per_page) for key in keys}


__all__ = [
    "Article", "Fault", "HTML", "Hit", "Listing", "Page", "RequestLog", "SITE_KEYS", "SampleError", "SampleServer", "SampleSite",
    "Section", "build_site", "build_sites", "serve", "site_keys",
]
