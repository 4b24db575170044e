"""Vietnamese sample text: titles, sapos, body paragraphs, names and slugs.

Everything is drawn from the word lists of ``corpus.toml`` with a caller-supplied ``random.Random``,
so a given seed always gives the same text.
"""

from __future__ import annotations

import random
import re
import tomllib
import unicodedata
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

# The word lists, by name: words.provinces, words.headlines, ...
words = SimpleNamespace(**tomllib.loads((Path(__file__).parent / "corpus.toml").read_text(encoding="utf-8")))

_NON_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=16_384)  # pages slug the same titles over and over (image paths, links)
def slugify(text: str) -> str:
    """Return the URL slug of a Vietnamese title: no diacritics (đ→d), lowercase, hyphenated."""
    # đ/Đ have no Unicode decomposition, so they are replaced before stripping the marks.
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _NON_SLUG.sub("-", text).strip("-")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the form the archive stores."""
    return unicodedata.normalize("NFC", text)


def _thousands(n: int) -> str:
    """Format an integer the Vietnamese way: 12.500."""
    return f"{n:,}".replace(",", ".")


def _capitalize(sentence: str) -> str:
    """Upper-case the first letter (a sentence may start with "ông …" after filling)."""
    return sentence[:1].upper() + sentence[1:]


class _Slots(dict):
    """Slot values made on first use: a sentence only pays for the slots it has."""

    def __init__(self, gen: "TextGen", province: str, when: datetime) -> None:
        super().__init__()
        self.gen, self.province, self.when = gen, province, when

    def __missing__(self, name: str) -> str:
        value = self.gen.slot(name, self.province, self.when, self)
        self[name] = value
        return value


class TextGen:
    """Draws Vietnamese social-security text from the word lists with one random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    # --- small values -------------------------------------------------------------------
    def province(self) -> str:
        """Return a province from the pool (never "Đắk Nông", see ``dak_nong`` in corpus.toml)."""
        return self.rng.choice(words.provinces)

    def person(self) -> tuple[str, str]:
        """Return (honorific, full name), e.g. ("bà", "Trần Thị Lan")."""
        rng = self.rng
        if rng.random() < 0.5:
            return "ông", f"{rng.choice(words.surnames)} {rng.choice(words.male_middle)} {rng.choice(words.male_given)}"
        return "bà", f"{rng.choice(words.surnames)} {rng.choice(words.female_middle)} {rng.choice(words.female_given)}"

    def author(self, pool: list[str] | None = None) -> str:
        """Return a byline name."""
        return self.rng.choice(pool or words.authors)

    def money(self) -> str:
        """Return a large amount, e.g. "3,4 tỷ đồng" or "850 triệu đồng"."""
        rng = self.rng
        if rng.random() < 0.5:
            return f"{rng.randint(1, 95)},{rng.randint(1, 9)} tỷ đồng"
        return f"{rng.randint(12, 99) * 10} triệu đồng"

    def small_money(self) -> str:
        """Return a small amount, e.g. "500.000 đồng" or "2,5 triệu đồng"."""
        rng = self.rng
        if rng.random() < 0.4:
            return f"{_thousands(rng.randint(2, 9) * 100_000)} đồng"
        whole, tenth = rng.randint(1, 9), rng.choice([0, 0, 5])
        return f"{whole},{tenth} triệu đồng" if tenth else f"{whole} triệu đồng"

    def slot(self, name: str, province: str, when: datetime, filled: dict[str, str]) -> str:
        """Return a fresh value for template slot ``name`` (``filled`` holds the sentence's other slots)."""
        rng = self.rng
        if name == "P":
            return province
        if name == "N":
            return _thousands(rng.randint(120, 25_000))
        if name == "N2":  # a part of N
            whole = int(filled["N"].replace(".", "")) if "N" in filled else 25_000
            return _thousands(rng.randint(40, whole))
        if name == "D":
            before = when - timedelta(days=rng.randint(1, 4))
            return f"{before.day}/{before.month}" if rng.random() < 0.6 else f"{before.day}/{before.month}/{before.year}"
        if name == "OFF":
            return " ".join(self.person())
        if name == "PERIOD":
            start = 2021 if when.year <= 2025 else 2026
            return f"{start}-{start + 4}"
        simple = {
            "G": lambda: rng.choice(words.groups), "A": lambda: rng.choice(words.agencies),
            "PR": lambda: rng.choice(words.programmes), "SN": lambda: str(rng.randint(3, 150)),
            "M": self.money, "SM": self.small_money, "SM2": self.small_money,
            "PCT": lambda: f"{rng.randint(1, 30)},{rng.randint(1, 99)}%", "Y": lambda: str(when.year),
            "PCTH": lambda: f"{rng.randint(86, 97)},{rng.randint(1, 9)}%",
            "MONTH": lambda: str(rng.randint(1, 12)), "Q": lambda: str(rng.choice([3, 6, 9])),
            "POS": lambda: rng.choice(words.positions),
        }
        return simple[name]()

    def fill(self, template: str, province: str, when: datetime) -> str:
        """Fill one template with fresh slot values and capitalise it."""
        return _capitalize(template.format_map(_Slots(self, province, when)))

    # --- article parts -------------------------------------------------------------------
    def title(self, when: datetime, province: str | None = None) -> tuple[str, list[str], str]:
        """Return (title, tags, province) for a social-security headline."""
        rng = self.rng
        province = province or self.province()
        headline, tags = rng.choice(words.headlines)
        headline = self.fill(headline, province, when)
        roll = rng.random()
        if roll < 0.55:
            title = f"{province}: {headline}"
        elif roll < 0.8:
            title = f"{headline} tại {province}"
        else:
            title = headline
        # A forced province (Đắk Nông) must show in the title whatever the roll.
        if province not in title:
            title = f"{province}: {headline}"
        return title, [*tags, province], province

    def other_title(self, index: int) -> str:
        """Return off-topic headline number ``index`` (distinct for the first ten), for other sections."""
        return words.other_headlines[index % len(words.other_headlines)]

    def sapo(self, province: str, when: datetime) -> str:
        """Return the lead paragraph (without the paper's byline)."""
        return self.fill(self.rng.choice(words.sapos), province, when)

    def paragraphs(self, province: str, when: datetime, low: int = 5, high: int = 8) -> list[str]:
        """Return body paragraphs (about 400–900 words in all), no sentence used twice."""
        rng = self.rng
        count = rng.randint(low, high)
        pool = rng.sample(words.sentences, len(words.sentences))
        out: list[str] = []
        for _ in range(count):
            take = rng.randint(4, 5)
            if len(pool) < take:
                pool = rng.sample(words.sentences, len(words.sentences))
            picked, pool = pool[:take], pool[take:]
            out.append(" ".join(self.fill(s, province, when) for s in picked))
        return out

    def captions(self, province: str, when: datetime, count: int) -> list[str]:
        """Return ``count`` image captions."""
        picked = self.rng.sample(words.captions, count)
        return [self.fill(c, province, when) for c in picked]
