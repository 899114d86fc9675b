"""The reference import: every real local authority and network of the directory, from data/reference/.

One small loader per source file (fr, bg, rs, mk, others, xk, networks, aliases) turns rows into checked
`Unit`s; `run.import_reference_data` writes them in one transaction, touching only what changed.
"""

from django.utils.translation import gettext_lazy as _

# Shown wherever Kosovo* is named (EU convention).
KOSOVO_FOOTNOTE = _(
    "This designation is without prejudice to positions on status, and is in line with UNSCR 1244/1999 "
    "and the ICJ Opinion on the Kosovo declaration of independence."
)
