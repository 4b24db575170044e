"""The deliberate traps of a sample site in its current state: what the end-to-end tests check a crawl against.

The engine (``ansinh.samples``) builds the traps from each site's scenario.toml; this reads them back as paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ansinh.samples import SampleSite
from ansinh.samples.text import words


@dataclass
class Traps:
    """The deliberate traps of a site, as paths (with query).

    - ``duplicate``: article path → the listing paths that all link to it (≥ 2);
    - ``cross_section``: articles listed in two sections;
    - ``off_section``: served pages of other sections linked from listings (not to be archived);
    - ``disallowed``: paths linked from listings that robots.txt forbids (not to be requested);
    - ``noise``: linked tag, author, video and photo pages (served, not articles);
    - ``nfd``: articles whose body HTML is in NFD;
    - ``link_variants``: article path → other spellings used in links (parameter order, OtItem);
    - ``dak_nong``: the one article whose title contains "Đắk Nông".
    """

    duplicate: dict[str, list[str]] = field(default_factory=dict)
    cross_section: list[str] = field(default_factory=list)
    off_section: list[str] = field(default_factory=list)
    disallowed: list[str] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)
    nfd: list[str] = field(default_factory=list)
    link_variants: dict[str, list[str]] = field(default_factory=dict)
    dak_nong: str = ""


def traps(site: SampleSite) -> Traps:
    """The traps of ``site`` as it is now (after any ``publish`` or ``add_article``)."""
    found = Traps(
        cross_section=[a.path for a in site.articles if len(a.sections) > 1],
        nfd=[a.path for a in site.articles if a.nfd],
        dak_nong=next((a.path for a in site.articles if words.dak_nong in a.title), ""),
        link_variants={a.path: [site.link(a)] for a in site.articles if site.link(a) != a.path},
    )
    for section in site.sections:
        arts = site.section_articles(section)
        if site.last_page(section) >= 2 and arts:
            listed = [lst.path for lst in site.listings() if arts[0] in lst.items + lst.highlight]
            found.duplicate[arts[0].path] = listed
    first = site.listing(site.sections[0], 1)
    found.off_section = [a.path for a in first.offsite]
    found.noise = [p for p, _ in first.noise]
    found.disallowed = [p for p, _ in first.disallowed]
    return found
