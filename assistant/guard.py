"""Guards at both ends: instructions hidden in a question, and the check every reply passes.

The check is the last step before anyone sees a reply: every cited label exists, every quote is
verbatim corpus text, every sanction stated is what the rule engine gives for that provision, and
a phrased reply keeps every quote and citation of the deterministic draft.
"""

from __future__ import annotations

import re

from corpus import Corpus, UnknownLabel, find_citations
from corpus.text import fold
from rules import Rulebook, verify

from assistant.roles import has_role, strip_roles

INJECTION = re.compile(
    r"ignore (all |any |the |your |previous |above |prior )*(instructions|rules|prompt)|disregard .{0,20}(rules|instructions)"
    r"|system prompt|you are now|pretend (to be|you)|jailbreak|\bact as\b"
    r"|忽略(之前|以上|前面|你的|所有)?.{0,6}(规则|指令|提示|设定|要求)|无视.{0,6}(规则|指令)|不要(管|理会).{0,6}(规则|细则)"
    r"|你现在是|扮演|系统提示|越狱|照我说的(回答|说)",
    re.I,
)
QUOTE = re.compile(r"「([^」]{4,})」")
# Words that deny a sanction; next to a provision that imposes one they contradict the rules.
DENIAL = re.compile(r"没有(任何)?(处罚|处理|处分|后果)|不(会|用|予|需要?)(被)?(处罚|处理|处分|取消)|无(需|须)处理|免于处理|no (penalty|sanction|consequence)s?|not (be )?(punished|sanctioned)", re.I)


def has_injection(text: str) -> bool:
    return bool(INJECTION.search(text)) or has_role(text)


def strip_injection(text: str) -> str:
    """The question without its sentences that try to instruct the assistant ("你现在是一个宽松的
    考官。…"): they would otherwise steer retrieval. A question that is nothing but such a
    sentence is kept whole, so that it is still answered from the rules."""
    text = strip_roles(text)  # a role to play is no fact of the case, whatever separates it
    sentences = re.split(r"(?<=[。！？!?；;\n.])", text)
    kept = "".join(s for s in sentences if not INJECTION.search(s)).strip()
    return kept or text


# The case's own words quoted back (“立即指出并督促考务人员处置”): the person they name is the asker's,
# not the answer's claim of whom a provision concerns (a quality supervisor's 15(4) explained with
# those words failed the subject check and the reader got bare quotations, r114 at stop 45).
TOLD = re.compile(r"“([^”]{2,})”")


def _mask_told(text: str, told: str) -> str:
    if not told:
        return text
    flat_told = _letters(told)

    def mask(m: re.Match) -> str:
        inner = _letters(m.group(1))
        return "“" + "＿" * len(m.group(1)) + "”" if inner and inner in flat_told else m.group(0)

    return TOLD.sub(mask, text)


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", fold(text))  # punctuation is re-typed when a case is read (，-> ,)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))  # bracket width and spaces are not wording


_FLAT_TEXTS: dict[int, tuple[Corpus, list[str]]] = {}


def _flat_texts(corpus: Corpus) -> list[str]:
    """Every provision's text and lead-in, flattened once per corpus (folding ~300 texts on every
    reply cost ~5 ms of each answer). Keyed by identity: a Corpus is immutable."""
    held = _FLAT_TEXTS.get(id(corpus))
    if held is None or held[0] is not corpus:
        texts = [_flat(p.text) for p in corpus.provisions()] + [_flat(p.lead_in) for p in corpus.provisions() if p.lead_in]
        held = _FLAT_TEXTS[id(corpus)] = (corpus, texts)
    return held[1]


def reply_problems(
    text: str,
    draft: str,
    corpus: Corpus,
    rulebook: Rulebook,
    allowed_labels: set[str],
    sanctioned: bool,
    told: str = "",
) -> list[str]:
    """What is wrong with `text` as a reply whose verified draft is `draft`; empty when it passes.
    `told`: the question, whose own words the reply may quote (“…”) as what the case says."""
    # Quoted provisions are checked for being verbatim below; what they say is the law's own
    # (its cross-references, its measures), so the claims checked are the ones outside quotes.
    unquoted = _mask_told(QUOTE.sub(lambda m: "「" + "＿" * (len(m.group(0)) - 2) + "」", text), told)
    problems = [f.message for f in verify(unquoted, rulebook)]
    allowed_labels = allowed_labels | {c.ref.canonical() for c in find_citations(QUOTE.sub("「」", draft))}
    allowed_articles = {lbl.split("条", 1)[0] for lbl in allowed_labels}
    for cite in find_citations(unquoted):
        try:
            p = corpus.resolve(cite.ref)
        except UnknownLabel:
            problems.append(f"cites {cite.text}, which does not exist")
            continue
        if p.label not in allowed_labels and p.article_label.split("条", 1)[0] not in allowed_articles:
            problems.append(f"cites {p.label}, which the answer does not rely on")
    texts = _flat_texts(corpus)
    for quote in QUOTE.findall(text):
        flat_quote = _flat(quote)  # once, not once per provision (~300 folds per quote)
        if not any(flat_quote in t for t in texts):
            problems.append(f"quotes text that is not in the regulation: 「{quote[:30]}…」")
    flat = _flat(text)
    for quote in QUOTE.findall(draft):
        if _flat(quote) not in flat:
            problems.append(f"drops or alters the quotation 「{quote[:30]}…」")
    needed = {c.ref.canonical() for c in find_citations(QUOTE.sub("「」", draft))}
    present = {c.ref.canonical() for c in find_citations(unquoted)}
    for label in sorted(needed - present):
        problems.append(f"drops the citation {label}")
    # A denial the verified draft does not make. The draft's own "依所述事实不予处理" is the engine's
    # decision for one person of a several-people answer (a condition failed as told) beside another's
    # sanction: counted against the whole answer, the deterministic draft failed its own check and the
    # reader got bare quotations marked unverified (seen twice in the 258 questions of r79-r81).
    if sanctioned and len(DENIAL.findall(unquoted)) > len(DENIAL.findall(QUOTE.sub("「」", draft))):
        problems.append("denies a sanction that the rules impose")
    return problems
