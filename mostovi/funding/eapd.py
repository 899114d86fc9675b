"""The yearly declaration of official development assistance of French local authorities (e-APD).

French authorities declare every spring, on the e-APD platform, the aid they paid the year before (CGCT
art. L1115-6). The campaign of year N runs from 15 April to 31 May of N. The DCTCIV calls require it filed
(`catalogue.checkers.precondition` with `"fact": "eapd_filed"`), the deadlines calendar shows its window.
"""

from datetime import date

EAPD_OPENS, EAPD_CLOSES = (4, 15), (5, 31)


def eapd_campaign(today: date) -> int:
    """The latest e-APD campaign that has opened by `today` (the campaign of year N opens on 15 April N)."""
    return today.year if (today.month, today.day) >= EAPD_OPENS else today.year - 1
