"""Validators for the identifiers the catalogue stores (ORCID, ROR, IANA zones)."""

import re
import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORCID_RE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
# ROR ids: a leading 0, six Crockford base32 characters, two check digits.
ROR_RE = re.compile(r"^0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}$")
CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


def orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 MOD 11-2 check over the 15 base digits of an ORCID iD."""
    digits = orcid.replace("-", "")
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    expected = "X" if check == 10 else str(check)
    return digits[-1] == expected


def normalise_orcid(value: str) -> str:
    value = (value or "").strip()
    for prefix in ("https://orcid.org/", "http://orcid.org/", "orcid.org/"):
        if value.lower().startswith(prefix):
            value = value[len(prefix):]
    return value.upper()


def validate_orcid(value: str) -> None:
    orcid = normalise_orcid(value)
    if not ORCID_RE.match(orcid):
        raise ValidationError(
            _("“%(value)s” is not an ORCID iD; expected the form 0000-0002-1825-0097."),
            params={"value": value},
            code="orcid_format",
        )
    if not orcid_checksum_ok(orcid):
        raise ValidationError(
            _("“%(value)s” has a wrong check digit; please copy the ORCID iD again."),
            params={"value": value},
            code="orcid_checksum",
        )


def normalise_ror(value: str) -> str:
    value = (value or "").strip().lower()
    for prefix in ("https://ror.org/", "http://ror.org/", "ror.org/"):
        if value.startswith(prefix):
            value = value[len(prefix):]
    return value


def ror_checksum_ok(ror: str) -> bool:
    """ROR ids end in an ISO 7064 MOD 97-10 checksum of the base32 part."""
    number = 0
    for char in ror[1:7]:
        number = number * 32 + CROCKFORD.index(char)
    return 98 - (number * 100 % 97) == int(ror[7:9])


def validate_ror(value: str) -> None:
    ror = normalise_ror(value)
    if not ROR_RE.match(ror) or not ror_checksum_ok(ror):
        raise ValidationError(
            _("“%(value)s” is not a valid ROR id (for example https://ror.org/05f950310)."),
            params={"value": value},
            code="ror",
        )


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not an IANA time zone such as Europe/Brussels."),
            params={"value": value},
            code="time_zone",
        )


@cache  # the zone files do not change while the process runs; a scan took 50 ms
def time_zone_choices() -> tuple[tuple[str, str], ...]:
    return tuple(
        (name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/")))
