"""Partner suggestions: which authorities would fit an authority, and who could answer a post.

The weights, signals and the reasoning behind them are in `docs/SUGGESTIONS.md`. Two layers:

- pure functions (`scoring.score_candidate`, `scoring.rank`, `explain.reason_text`) over plain data
  (`Profile`, `Candidate`, `Context`): no database, easy to test and to reason about;
- selector-style entry points (`ranking.suggestions_for_authority`, `ranking.suggestions_for_post`) that load
  the source (`facts`), find the candidates in a bounded number of queries with their signals (`candidates`),
  then call the pure functions.

Candidates are found in SQL, never by scoring the whole directory in Python: every authority that carries a
candidate-specific signal (an open post, a public project on the source's themes, a network in common), then
those whose signals are known by id only (partnerships on the themes, partners in the source's country), read
best score bound first and only while they can still rank, then, per country whose best could still rank,
the first `MAX_SUGGESTIONS` authorities by id and by closeness of size. Every other authority scores only on
its country, size and distance, so it cannot rank above those: the ranking is the one a full scan would give.
"""

from .explain import reason_text, reason_texts
from .facts import _partners_of, authority_profile, open_posts, post_profile
from .ranking import (
    Suggestion,
    SuggestionList,
    clean_filters,
    post_for_suggestions,
    ranking_for_authority,
    suggestions_for_authority,
    suggestions_for_post,
)
from .scoring import (
    COUNTRY_LANGUAGES,
    DEFAULT_LIMIT,
    MAX_SUGGESTIONS,
    WEIGHTS,
    Candidate,
    Context,
    Profile,
    Reason,
    rank,
    score_candidate,
)

__all__ = [
    "COUNTRY_LANGUAGES",
    "DEFAULT_LIMIT",
    "MAX_SUGGESTIONS",
    "WEIGHTS",
    "Candidate",
    "Context",
    "Profile",
    "Reason",
    "Suggestion",
    "SuggestionList",
    "_partners_of",
    "authority_profile",
    "clean_filters",
    "open_posts",
    "post_for_suggestions",
    "post_profile",
    "rank",
    "ranking_for_authority",
    "reason_text",
    "reason_texts",
    "score_candidate",
    "suggestions_for_authority",
    "suggestions_for_post",
]
