"""Which countries and subdivisions the `holidays` package knows, loading no more than asked.

`holidays.list_supported_countries()` imports every one of the package's country modules to
read their subdivisions: a tenth of a second at each start of Cadre, to check one code. The
package's registry names every country code without importing any; the country modules are
only loaded when a subdivision has to be checked, or a holiday looked up.
"""

from __future__ import annotations

from functools import cache

from holidays.registry import EntityLoader


@cache
def holiday_countries() -> frozenset[str]:
    """Every country code the package takes, aliases included ("UK" beside "GB")."""
    return frozenset(EntityLoader.get_country_codes(include_aliases=True))


def holiday_subdivisions(country: str | None) -> tuple[str, ...]:
    """The subdivision codes of `country`, none for a country the package does not know."""
    if country is None or country not in holiday_countries():
        return ()
    import holidays

    return tuple(getattr(holidays, country).subdivisions)
