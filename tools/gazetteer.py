"""Regenerate archive/data/provinces.json from the vietnamadminunits package (MIT licence).

The package's own SQLite file holds every province before and after the July 2025 merger with a centroid, and its
converter's table says which old provinces each new one took in. Only those data files are read, so the package
need not import (it would want shapely and geopy):

    pip install --no-deps "vietnamadminunits==1.0.4" && python tools/gazetteer.py
"""

from __future__ import annotations

import json
import sqlite3
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "archive" / "data" / "provinces.json"
PROVINCE_COLUMNS = "provinceKey, provinceShort, provinceCode, provinceLat, provinceLon"


def provinces(db: sqlite3.Connection, table: str) -> dict[str, dict]:
    """The provinces of one table of the package's dataset, by the package's key."""
    rows = db.execute(f"select distinct {PROVINCE_COLUMNS} from {table} order by provinceCode")
    return {key: {"name": name, "code": code, "latitude": lat, "longitude": lon} for key, name, code, lat, lon in rows}


def main() -> None:
    # Found without importing it: its __init__ imports shapely.
    data = Path(find_spec("vietnamadminunits").submodule_search_locations[0]) / "data"
    db = sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True)
    before, after = provinces(db, "admin_units_legacy"), provinces(db, "admin_units")
    merged = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))["DICT_PROVINCE"]
    successor = {old: new for new, olds in merged.items() for old in olds}
    assert len(before) == 63 and len(after) == 34 and set(successor) == set(before), "the package's data changed"
    document = {
        "source": f"vietnamadminunits {version('vietnamadminunits')} (MIT licence), its data/dataset.db and "
        "data/converter_2025.json; regenerate with tools/gazetteer.py",
        "provinces": [
            {**province, "province_2025": after[successor[key]]["name"]} for key, province in before.items()
        ],
        "provinces_2025": [
            {**province, "merged_from": [before[old]["name"] for old in merged[key]]} for key, province in after.items()
        ],
    }
    OUT.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(before)} provinces before July 2025, {len(after)} after")


if __name__ == "__main__":
    main()
