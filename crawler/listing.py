"""When to stop reading a section's listing: a pure decision, page by page, with no network and no archive.

A listing is read page after page in one of two ways (see :class:`crawler.spiders.site.SiteSpider`): the
*head* reads from page 1 until it reaches what the archive knows; the *walk* reads to the end. The head stops
at the page that shows where the known articles begin (its new links all above its known ones); where the
order says nothing, or a new link lies below a known one (a pinned old article on top), it reads ``overlap``
pages more. Neither may be ended by one bad page: a page that fails, answers 404 once, comes back empty or cut off
is never taken for the end. The end is believed only after :data:`CONFIRM_END` pages in a row brought no
article link that this head or walk had not already seen, which also ends the walks of sites whose pages past
the last one still show a sidebar of links into the section.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urljoin

from parsel import Selector

from crawler.sites import Site

# Pages in a row bringing nothing new to this walk before its end is believed: one bad page is survived.
CONFIRM_END = 2
# Pages in a row that failed (after the downloader's retries) before the reading is given up for this run.
GIVE_UP_FAILED = 3


@dataclass(frozen=True)
class Reading:
    """Where one head or walk through a section's listing stands, carried from page to page."""

    #: the listing page about to be read
    page: int = 1
    #: pages read by this head or walk in this run, this one included
    read: int = 1
    #: pages read since the head reached articles the archive knows
    beyond: int = 0
    #: pages in a row that brought no link unseen by this head or walk
    barren: int = 0
    #: pages in a row that failed
    failed: int = 0
    #: pages of the current barren run that answered 404 or listed nothing at all: taken for the end if the end
    #: is confirmed, for anomalies (to read again) if a later page brings articles
    suspects: tuple[int, ...] = ()


@dataclass(frozen=True)
class Step:
    """What to do after a page: go on to ``following`` or stop for ``reason``.

    Reasons: ``"more"`` (go on), ``"end"`` (the end of the listing, confirmed), ``"known"`` (the head reached
    what the archive has, plus its overlap), ``"bound"`` (the pages allowed per run are read; a walk goes on
    next run), ``"failed"`` (too many pages in a row failed). ``anomalies`` are earlier pages that looked like
    the end but were not: they are to be read again.
    """

    reason: str
    following: Reading | None
    anomalies: tuple[int, ...] = ()

    @property
    def go_on(self) -> bool:
        return self.following is not None


def next_step(
    state: Reading,
    *,
    walk: bool,
    outcome: str = "ok",
    links: int = 0,
    unseen: int = 0,
    new: int = 0,
    known: bool = False,
    boundary: bool = False,
    overlap: int = 1,
    bound: int | None = None,
) -> Step:
    """Decide what follows one listing page.

    :param state: where the head or walk stood when this page was read.
    :param walk: a walk reads to the end; a head stops ``overlap`` pages after reaching known articles.
    :param outcome: ``"ok"`` (the page was read), ``"gone"`` (404 or 410) or ``"failed"`` (any other failure).
    :param links: article links on the page (0 for a page that lists nothing, or was not read).
    :param unseen: of those, the ones this head or walk had not seen on an earlier page in this run.
    :param new: of the unseen ones, those the archive does not have.
    :param known: whether any link on the page is to an article the archive has.
    :param boundary: whether the page shows where the archive's articles begin: it links to a known article and
        no new link comes below one. False when the order is not known.
    :param overlap: pages a head reads past the first page of known articles (a pinned old article must not
        hide new ones below it).
    :param bound: pages a head or walk may read per run (None: no bound).
    """
    following = replace(state, page=state.page + 1, read=state.read + 1)
    anomalies: tuple[int, ...] = ()
    if outcome == "failed":
        following = replace(following, failed=state.failed + 1)
        # A first page that fails says the site is down more likely than that one page is: stop at once.
        if following.failed >= GIVE_UP_FAILED or state.read == 1:
            return Step("failed", None)
    else:
        following = replace(following, failed=0)
        if unseen:
            anomalies = state.suspects
            following = replace(following, barren=0, suspects=())
        else:
            suspect = outcome == "gone" or links == 0
            following = replace(following, barren=state.barren + 1,
                                suspects=state.suspects + ((state.page,) if suspect else ()))
            if following.barren >= CONFIRM_END:
                return Step("end", None)
        if not walk:
            if known and boundary:
                # Articles only move down a listing: below the first known one, there is nothing new.
                return Step("known", None, anomalies)
            # Pages since the head reached known articles; new links below a known one start the count again.
            beyond = 0 if new and not known else 1 if new else state.beyond + 1
            following = replace(following, beyond=beyond)
            if beyond > overlap:
                return Step("known", None, anomalies)
    if bound is not None and state.read >= bound:
        return Step("bound", None, anomalies)
    return Step("more", following, anomalies)


def article_links(site: Site, page: Selector, url: str) -> tuple[list[str], bool]:
    """The canonical article URLs a listing page links to, in page order, once each, and whether the seed's
    ``[listing] links`` selector matched anything.

    Only the links that selector matches count, so that sidebars and "most read" boxes do not. Where it matches
    nothing (the template changed), every link that looks like an article counts instead.
    """
    anchors = page.css(site.listing_links) if site.listing_links else []
    matched = bool(anchors) or not site.listing_links
    hrefs = (a.attrib.get("href") for a in (anchors or page.css("a[href]")))
    urls = (urljoin(url, href.strip()) for href in hrefs if href)
    return list(dict.fromkeys(site.canonical(link) for link in urls if site.is_article(link))), matched
