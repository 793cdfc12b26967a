"""The matching rule of the reproduction check: when a recomputed number agrees with a printed one.

A number matches when the recomputed value is within half a unit of the last printed digit
('8.66' accepts 8.655 to 8.665); ranks and counts must be equal as integers; classes and region
names must be equal (a printed name through the regions' alias map); an indicator code must be the
same code, the Cyrillic «В» the dissertation prints read as the Latin B.
"""

from decimal import Decimal

from sdi.inputs.metadata import normalise_name

EPSILON = 1e-9  # floating-point noise on a value exactly half a unit away


def half_unit(printed):
    """Half a unit of the last printed digit: '8.66' -> 0.005, '5.6' -> 0.05, '17' -> 0.5."""
    return 0.5 * 10 ** Decimal(printed).as_tuple().exponent


def within(value, printed, slack=0.0):
    """Whether `value` prints as `printed`, give or take `slack` more."""
    return abs(float(value) - float(printed)) <= half_unit(printed) + slack + EPSILON


def same_code(printed, code):
    """Whether a printed code ('В8', with a Cyrillic «В») is the indicator code `code` ('B8')."""
    return code is not None and printed.strip().replace("\u0412", "B") == code


def is_match(published, recomputed, statistic, *, aliases=None):
    """Whether a printed number (or class, or region name) agrees with the recomputed one.

    `aliases` ({normalised name: region_id}) lets a printed region name match a recomputed region_id.
    A recomputed None (a claim about something that does not exist, such as a rank no region has
    because of ties) matches nothing.
    """
    if statistic == "code":
        return same_code(published, recomputed)
    if recomputed is None:
        return False
    if isinstance(recomputed, str) or statistic == "level":
        return str(recomputed) == published or (aliases or {}).get(normalise_name(published)) == recomputed
    if statistic == "rank" or statistic.endswith("_count"):
        return int(float(published)) == int(recomputed)
    return within(recomputed, published)
