"""Personal numbers planted in test inputs, and how to search an output for them (issue 14)."""

from __future__ import annotations

import re
import unicodedata

#: Phone and ID numbers in the formats that must be masked wherever they are written (issue 14).
PLANTED_NUMBERS = {
    "15-digit ID number": "110105800101123",
    "mobile after +86": "+8613812345670",
    "mobile after 0086": "008613812345671",
    "mobile in full-width digits": "１３８１２３４５６７２",
    "ID number in full-width digits": "１１０１０５１９８００１０１１２３Ｘ",
    "Hong Kong phone": "9123 4567",
    "Hong Kong phone, no space": "61234568",
    "Hong Kong identity card": "A123456(7)",
    "US phone, area code in brackets": "(617) 555-0100",
    "US phone, hyphens": "617-555-0101",
}
_EMBEDDED = re.compile(r"base64,[A-Za-z0-9+/=]+")


def searchable(text: str) -> str:
    """``text`` as a number search needs it: embedded base64 data (fonts, images: random digits)
    dropped, full-width forms made ASCII (NFKC), whitespace removed, upper case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", _EMBEDDED.sub("base64,", text))).upper()
