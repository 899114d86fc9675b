"""A project's funding plan: its versions and approvals, exchange rates, transactions (planned against
actual) and the deadlines calendar."""
