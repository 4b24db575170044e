"""Where the sample sites live, and what a site's folder must hold to be read.

The package's own sites are ``ansinh/samples/sites/<key>/``; ``ANSINH_SAMPLES`` adds folders of more (see
``sites/README.md`` for what a folder holds).
"""

from __future__ import annotations

import os
import tomllib
from datetime import datetime
from pathlib import Path

# The package's own sample sites; ANSINH_SAMPLES adds folders (separated like PATH) of more, or one site's own.
SITES = Path(__file__).parent / "sites"


def site_folders() -> dict[str, Path]:
    """Site key → folder, for every sample site: the package's, then those in ``ANSINH_SAMPLES``."""
    found: dict[str, Path] = {}
    roots = [SITES] + [Path(p) for p in os.environ.get("ANSINH_SAMPLES", "").split(os.pathsep) if p]
    for root in roots:
        candidates = [root] if (root / "scenario.toml").is_file() else sorted(root.glob("*/"))
        found.update({folder.name: folder for folder in candidates if (folder / "scenario.toml").is_file()})
    return found


class SampleError(ValueError):
    """A sample folder that cannot be used: one line naming its file and what is wrong."""


def read_scenario(path: Path) -> dict:
    """Read a site's scenario.toml, checking what the engine needs of it (a :class:`SampleError` otherwise)."""
    try:
        scenario = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SampleError(f"{path}: cannot be read: {error}") from None
    for key in ("newest", "article"):
        if key not in scenario:
            raise SampleError(f"{path}: {key} is missing")
    if not isinstance(scenario["newest"], datetime) or scenario["newest"].tzinfo is None:
        raise SampleError(f"{path}: newest must be a time with its offset, like 2025-05-09T22:00:00+07:00")
    for key in ("others", "noise"):
        scenario.setdefault(key, [])
        for category in scenario[key]:
            unknown = set(category) - {"slug", "name", "url", "article"}
            if unknown or not {"slug", "name", "url"} <= set(category):
                raise SampleError(f"{path}: each of {key} needs slug, name and url (and may have article); "
                                  f"got {', '.join(sorted(category))}")
    return scenario
