"""Demo accounts: who they are and which authority they act for (ref_key of the reference import)."""

DEMO_ACCOUNTS = [
    # e-mail, full name, ref_key of the organisation, role, approval delegated
    ("officer.lyon@example.org", "Claire Martin", "FR:insee:69123", "officer", False),
    ("elected.lyon@example.org", "Jean Dupont", "FR:insee:69123", "elected", False),
    ("officer.nis@example.org", "Милица Петровић", "RS:city:Niš", "officer", False),
    ("elected.nis@example.org", "Dragan Jovanović", "RS:city:Niš", "elected", False),
    ("officer.sofia@example.org", "Мария Иванова", "BG:nsi:SOF46", "officer", False),
    ("coordinator.nalas@example.org", "Elena Stojanovska", "NET:NALAS", "coordinator", False),
    ("observer@example.org", "Observer", None, "observer", False),
]
