"""Rules as code for 沪人社职〔2025〕176号: sanctions, escalation and deadlines as validated data,
with a pure engine over them.

    load_rulebook(corpus) -> Rulebook     the YAML in rules/rulebook/, checked against the corpus
    assess(case, rulebook) -> Decision    what applies to a case (DESIGN.md section 4)
    verify(text, rulebook) -> [Finding]   wrong citations and wrong sanctions in free text

Every function is given the rulebook it works on; nothing here loads one behind the caller's back.
"""

from rules.case import Case, CaseError, Decision, Facts, Finding, parse_case
from rules.engine import assess
from rules.loader import Rule, RuleError, Rulebook, load_rulebook
from rules.match import Match, match_conduct
from rules.verify import verify

__all__ = [
    "Case", "CaseError", "Decision", "Facts", "Finding", "Match", "Rule", "RuleError", "Rulebook",
    "assess", "load_rulebook", "match_conduct", "parse_case", "verify",
]
