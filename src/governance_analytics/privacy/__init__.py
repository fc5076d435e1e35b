"""Privacy: nothing personal and no small count in anything the suite publishes.

DESIGN.md, invariant 3. Two concerns, one home:

- :mod:`~governance_analytics.privacy.personal` — personal data out of the inputs before any report
  part sees them: personal columns dropped by name, phone and ID numbers scrubbed from free text;
- statistical disclosure control of what is published — :mod:`~governance_analytics.privacy.relations`
  (the threshold, the markers, the additive relations a reader knows),
  :mod:`~governance_analytics.privacy.suppression` (primary and complementary suppression of one
  joint table), :mod:`~governance_analytics.privacy.audit` (the interval each hidden cell must lie
  in, by linear programming) and :mod:`~governance_analytics.privacy.ledger` (every table a report
  publishes, declared by its part and suppressed together with the relations between tables).
"""

from governance_analytics.privacy.audit import audit
from governance_analytics.privacy.ledger import Publication, equal_sums, suppress_counts, suppress_tables
from governance_analytics.privacy.personal import (
    is_personal_column,
    personal_columns,
    publishable_inputs,
    scrub_free_text,
)
from governance_analytics.privacy.relations import (
    DEFAULT_THRESHOLD,
    WITHHELD,
    Cell,
    Constraint,
    DisclosureWarning,
    column_totals,
    is_small,
    known_total,
    reveals_small,
    row_totals,
)
from governance_analytics.privacy.suppression import Suppressed, secondary_suppression

__all__ = [
    "DEFAULT_THRESHOLD",
    "WITHHELD",
    "Cell",
    "Constraint",
    "DisclosureWarning",
    "Publication",
    "Suppressed",
    "audit",
    "column_totals",
    "is_personal_column",
    "is_small",
    "known_total",
    "personal_columns",
    "publishable_inputs",
    "reveals_small",
    "row_totals",
    "equal_sums",
    "scrub_free_text",
    "secondary_suppression",
    "suppress_counts",
    "suppress_tables",
]
