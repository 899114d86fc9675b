"""The taxonomy of themes of local competence, each mapped to the closest DAC 5-digit sector codes.

The codes come from the IATI Sector codelist shipped in data/iati (DAC CRS purpose codes). Where no code is
specific (EU integration, say), the closest general codes are used; docs/THEMES.md explains each choice.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mostovi.core.labels import unknown

# slug: (label, DAC codes)
THEMES: dict[str, tuple] = {
    "water-sanitation": (_("Water and sanitation"), ["14010", "14020", "14030"]),
    "waste": (_("Waste"), ["14050"]),
    "energy": (_("Energy"), ["23110", "23183", "23210"]),
    "mobility": (_("Mobility and transport"), ["21010", "21012"]),
    "urban-planning": (_("Urban planning"), ["43030", "43031", "43032"]),
    "local-economy-tourism": (_("Local economy and tourism"), ["25010", "33210"]),
    "culture-heritage": (_("Culture and heritage"), ["16061", "16066", "41040"]),
    "youth": (_("Youth"), ["16015", "11231"]),
    "education": (_("Education"), ["11110", "11330"]),
    "social-health": (_("Social affairs and health"), ["16010", "12110"]),
    "public-administration": (_("Public administration"), ["15110", "15185"]),
    "decentralisation-finance": (_("Decentralisation and local finance"), ["15112", "15128"]),
    "eu-integration": (_("EU integration and funds"), ["15110", "43010"]),
    "environment-climate": (_("Environment and climate"), ["41010", "41030"]),
    "rural-development": (_("Rural development"), ["43040", "43042", "31110"]),
    "civil-protection": (_("Civil protection"), ["43060", "74020"]),
    "gender-equality": (_("Gender equality"), ["15170"]),
    "digital-services": (_("Digital services"), ["22040"]),
    "sport": (pgettext_lazy("theme", "Sport"), ["16065"]),
    "civic-participation": (_("Civic participation"), ["15150"]),
}


def theme_label(slug: str) -> str:
    """A theme's name in the reader's language; a slug outside the catalogue reads as "not listed", never as
    the slug."""
    entry = THEMES.get(slug)
    if entry:
        return str(entry[0])
    return unknown() if slug else ""
