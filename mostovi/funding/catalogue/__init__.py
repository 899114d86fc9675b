"""The funding catalogue: instruments, their rules as data, and the eligibility of a project.

`facts` (what a rule is checked against), `checkers` (one function per rule kind), `params` (the params
schema of each kind), `limits` (what the rules bound in a funding plan), `eligibility` (the verdict of a
project for an instrument), `selectors` and `services` (reads and writes of the catalogue).

Each `RuleKind` has one function of the same name, `fn(rule, context) -> Check`, and one params schema
(`params.PARAMS`). `context` is a `ProjectFacts` (built once per project by `project_facts`), optionally
carrying a `PlanFacts` for the rules that constrain a funding plan.

Params (amounts and percents are decimal strings, countries ISO 3166-1 alpha-2, XK for Kosovo*):

- lead_country_in        {"countries": ["FR"]}
- partner_country_in     {"countries": [...]}  — at least one partner other than the lead in the list
- lead_kind_in           {"levels": ["municipality", ...]}  — a local authority of one of these levels
- min_partner_countries  {"count": 3, "countries": ["AL", "BA", "ME", "MK", "RS", "XK"]}
- rate_band_by_country   {"bands": [{"countries": [...], "max_rate": "50", "label": "..."}],
                          "default_max_rate": "30", "default_label": "...", "multi_country_rate": "60"}
- max_rate               {"percent": "80"}
- amount_range           {"min": "200000", "max": "1500000", "currency": "EUR"}
- lump_sum_range         {"min": "8455", "max": "50745", "currency": "EUR"}
- min_own_share          {"percent": "10", "of": "total", "countries": ["FR"]}
- in_kind_cap            {"percent": "50", "of": "own_share", "countries": ["FR"] (optional)}
  (both own-share kinds apply to the partners of `countries`, else to those receiving the grant in the plan)
- required_document      {"category": "A04", "label": "council decision"}
- theme_in               {"themes": ["sport", ...]}
- duration_max           {"months": 12}
- levy_base              {"percent": "1", "base": "water and sanitation budget", "themes": [...] (optional)}
- precondition           {"label": "annual e-APD declaration filed", "fact": "eapd_filed" (optional)}
                          without "fact" the platform cannot check it ("unknown"); with "fact":
                          "eapd_filed" it reads the recorded e-APD filings of the French partners

A rule marked unverified never yields "pass": its pass becomes "unknown", with the reason (`check`).

The plan-dependent kinds (`PLAN_KINDS`) answer "unknown" without a plan; `plan_limits` and `max_rate_for`
give the plan helper their values.
"""
