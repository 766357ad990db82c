"""Load rules/rulebook/*.yaml into a Rulebook, or fail loudly naming the file and the entry.

Checked at load: the YAML shape (rules/schema.py); every label names a provision of the corpus in
canonical form; every quote is verbatim corpus text at its label; every measure's wording (its
`marker`) appears in the quote that imposes it; every item of a sanctioning article has a rule;
every article of the regulation (1-36) is accounted for exactly once.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import yaml
from pydantic import ValidationError

from corpus.numerals import to_chinese
from corpus.text import fold, source_span
from rules.schema import (
    ArticleEntry,
    Bilingual,
    CertificateSpec,
    Conditions,
    InstitutionConsequence,
    MeasureDef,
    MeasureFile,
    ProcedureStep,
    RuleFile,
    SanctionSpec,
)

RULEBOOK_DIR = Path(__file__).with_name("rulebook")
MEASURES_FILE = "measures.yaml"


class RuleError(ValueError):
    """The rulebook is inconsistent with itself or with the corpus; the message names file and entry."""


@dataclass(frozen=True)
class Rule:
    """One sanctioning item (or paragraph), with what its article's lead-in imposes filled in."""

    label: str
    article: int
    article_label: str
    subject: str
    subjects: tuple[str, ...]  # subject plus also_subjects
    quote: str  # verbatim item text
    lead_in_quote: str  # verbatim lead-in wording that imposes the measures
    conduct: Bilingual
    aliases: tuple[str, ...]
    examples: tuple[str, ...]
    conditions: Conditions
    measures: tuple[str, ...]
    discretionary: tuple[str, ...]
    decided_by: str
    tier: int
    spec: SanctionSpec
    institution_consequence: InstitutionConsequence | None
    certificate: str | None
    referral_hint: bool
    note: Bilingual | None
    source: str  # file the record came from

    @property
    def is_escalation(self) -> bool:
        return self.conditions.escalation is not None


@dataclass(frozen=True)
class Rulebook:
    rules: Mapping[str, Rule]  # by label, in document order
    articles: Mapping[int, ArticleEntry]
    measures: Mapping[str, MeasureDef]
    certificates: Mapping[str, CertificateSpec]  # by label
    procedure: tuple[ProcedureStep, ...]
    sources: Mapping[int, str]  # article -> file
    corpus: Any = field(repr=False, compare=False)

    def rule(self, label: str) -> Rule:
        return self.rules[label]

    def rules_for(self, subject: str) -> list[Rule]:
        return [r for r in self.rules.values() if subject in r.subjects]

    def article_rules(self, article: int) -> list[Rule]:
        return [r for r in self.rules.values() if r.article == article]


def load_rulebook(corpus, directory: str | Path | None = None) -> Rulebook:
    """The rulebook in `directory` (default: rules/rulebook/), checked against `corpus`."""
    return _build(corpus, Path(directory) if directory is not None else RULEBOOK_DIR)


# --- building ----------------------------------------------------------------------------------


def norm(text: str) -> str:
    """Punctuation width and spacing ignored: for matching a measure's wording inside a quote."""
    return fold(unicodedata.normalize("NFKC", text))


class _Checker:
    def __init__(self, corpus, directory: Path):
        self.corpus = corpus
        self.doc = corpus.default
        self.directory = directory
        self.table = {p.label: p for p in corpus.provisions(self.doc.id)}

    def fail(self, path: Path | str, entry: str, problem: str):
        raise RuleError(f"{_rel(path)}: {entry}: {problem}")

    def provision(self, path, entry, label):
        p = self.table.get(label)
        if p is None:
            try:
                near = self.corpus.get(label, self.doc.id)
                hint = f" (did you mean the canonical label {near.label}?)"
            except Exception as exc:  # UnknownLabel or a label that does not parse
                hint = f" ({exc})"
            self.fail(path, entry, f"label {label!r} names no provision of {self.doc.meta.number}{hint}")
        return p

    def verbatim(self, path, entry, what, quote, text, label):
        if not quote.strip():
            self.fail(path, entry, f"{what} is empty")
        if quote not in text:  # character for character: quotes are shown as published
            source = source_span(text, fold(quote))
            hint = (f"the source writes it {source!r} (bracket width and spaces as published)" if source
                    else "half-width commas, brackets and spaces in the source are kept")
            self.fail(
                path, entry,
                f"{what} is not verbatim corpus text at {label}: {quote!r} does not occur in {text!r} "
                f"(copy it from `regqa show {label}`; {hint})",
            )

    def markers(self, path, entry, measures, quote, known):
        for code in measures:
            if code not in known:
                self.fail(path, entry, f"unknown measure code {code!r} (known: {', '.join(sorted(known))})")
            if norm(known[code].marker) not in norm(quote):
                self.fail(path, entry, f"measure {code!r} ({known[code].marker}) is not imposed by the quote {quote!r}")


def _rel(path: Path | str) -> str:
    path = Path(path)
    try:
        return str(path.relative_to(Path(__file__).resolve().parent.parent))
    except ValueError:
        return str(path)


def _read_yaml(path: Path, ck: _Checker) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        ck.fail(path, "(file)", f"not valid YAML: {exc}")
    except OSError as exc:
        ck.fail(path, "(file)", f"cannot be read: {exc}")


def _entry_name(raw: Any, loc: tuple) -> str:
    """`articles[1] 第七条 > rules[2] 第七条第（三）项 > quote` from a pydantic error location."""
    parts, node = [], raw
    for step in loc:
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
            tag = node.get("label") if isinstance(node, dict) else None
            parts[-1] = f"{parts[-1]}[{step}]" + (f" {tag}" if tag else "") if parts else f"[{step}]"
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return " > ".join(parts) or "(top level)"


def _validate(model, raw, path: Path, ck: _Checker):
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        more = f" (and {exc.error_count() - 1} more problem(s))" if exc.error_count() > 1 else ""
        ck.fail(path, _entry_name(raw, err["loc"]), f"{err['msg']}{more}")


def _build(corpus, directory: Path) -> Rulebook:
    ck = _Checker(corpus, directory)
    measures_path = directory / MEASURES_FILE
    if not measures_path.exists():
        ck.fail(measures_path, "(file)", "missing: the measure codes live here")
    measures = _validate(MeasureFile, _read_yaml(measures_path, ck), measures_path, ck).measures

    files = sorted(p for p in directory.glob("*.yaml") if p.name != MEASURES_FILE)
    if not files:
        ck.fail(directory, "(folder)", "no rule files (*.yaml)")

    articles: dict[int, ArticleEntry] = {}
    sources: dict[int, str] = {}
    rules: dict[str, Rule] = {}
    certificates: dict[str, CertificateSpec] = {}
    procedure: list[ProcedureStep] = []
    for path in files:
        raw = _read_yaml(path, ck)
        parsed = _validate(RuleFile, raw, path, ck)
        for i, entry in enumerate(parsed.articles):
            where = f"articles[{i}] {entry.label}"
            if entry.article in articles:
                ck.fail(path, where, f"article {entry.article} is already accounted for in {_rel(sources[entry.article])}")
            _check_article(ck, path, where, entry, measures)
            articles[entry.article] = entry
            sources[entry.article] = str(path)
            if entry.certificate:
                certificates[entry.certificate.label] = entry.certificate
            procedure.extend(entry.procedure)
            for j, spec in enumerate(entry.rules):
                rwhere = f"{where} > rules[{j}] {spec.label}"
                if spec.label in rules:
                    ck.fail(path, rwhere, f"{spec.label} has a rule already (in {rules[spec.label].source})")
                rules[spec.label] = _rule(entry, spec, str(path))

    # Every article of the regulation accounted for, and nothing beyond it.
    numbers = [a.number for a in ck.doc.articles]
    for n in numbers:
        if n not in articles:
            ck.fail(directory, f"第{to_chinese(n)}条", "article is not accounted for in any rule file "
                    "(give it a sanction, procedure, or a role such as purpose/scope/definitions/final)")
    for n, entry in articles.items():
        if n not in numbers:
            ck.fail(sources[n], entry.label, "no such article in the corpus")

    _check_cross_references(ck, rules, articles, sources)
    ordered = {p.label: rules[p.label] for p in ck.doc.all_provisions if p.label in rules}
    return Rulebook(
        rules=MappingProxyType(ordered),
        articles=MappingProxyType(dict(sorted(articles.items()))),
        measures=MappingProxyType(dict(measures)),
        certificates=MappingProxyType(certificates),
        procedure=tuple(procedure),
        sources=MappingProxyType(sources),
        corpus=corpus,
    )


def _check_article(ck: _Checker, path: Path, where: str, entry: ArticleEntry, measures) -> None:
    art = ck.provision(path, where, entry.label)
    if art.kind != "article" or art.article != entry.article:
        ck.fail(path, where, f"label {entry.label} is not article {entry.article}")
    ck.verbatim(path, where + " > quote", "quote", entry.quote, art.text, entry.label)

    if entry.role == "sanctions" and (entry.sanction is None or not entry.rules):
        ck.fail(path, where, "a sanctioning article needs `sanction` and `rules`")
    if entry.role == "certificates" and entry.certificate is None:
        ck.fail(path, where, "a certificates article needs `certificate`")
    if entry.rules and entry.sanction is None:
        ck.fail(path, where, "`rules` need the article's `sanction`")

    sp = entry.sanction
    if sp is not None:
        sw = where + " > sanction"
        ck.markers(path, sw + " > measures", sp.measures, sp.lead_in_quote, measures)
        for code in sp.discretionary:
            if code not in sp.measures:
                ck.fail(path, sw + " > discretionary", f"{code!r} is not one of the article's measures")
        for lbl, quote, name in (
            (sp.decided_by_label, sp.decided_by_quote, "decided_by"),
            (sp.decided_by_external_label, sp.decided_by_external_quote, "decided_by_external"),
        ):
            if (lbl is None) != (quote is None):
                ck.fail(path, sw, f"{name}_label and {name}_quote go together")
            if lbl is not None:
                p = ck.provision(path, f"{sw} > {name}_label", lbl)
                ck.verbatim(path, f"{sw} > {name}_quote", f"{name}_quote", quote, p.text, lbl)
        for k, more in enumerate(sp.decided_by_external_more):
            mw = f"{sw} > decided_by_external_more[{k}]"
            if sp.decided_by_external_label is None:
                ck.fail(path, mw, "needs decided_by_external_label")
            ck.verbatim(path, mw + " > quote", "quote", more.quote, ck.provision(path, mw, more.label).text, more.label)
        if sp.institution_consequence is not None:
            ic = sp.institution_consequence
            ck.verbatim(path, sw + " > institution_consequence > quote", "institution_consequence quote",
                        ic.quote, art.text, entry.label)
            ck.markers(path, sw + " > institution_consequence > measures", ic.measures, ic.quote, measures)
        if sp.certificate is not None:
            ck.provision(path, sw + " > certificate", sp.certificate)


    for j, r in enumerate(entry.rules):
        rw = f"{where} > rules[{j}] {r.label}"
        p = ck.provision(path, rw, r.label)
        if p.article != entry.article or p.kind == "article":
            ck.fail(path, rw, f"{r.label} is not an item or paragraph of {entry.label}")
        ck.verbatim(path, rw + " > quote", "quote", r.quote, p.text, r.label)
        ck.verbatim(path, f"{where} > sanction > lead_in_quote (for {r.label})", "lead_in_quote",
                    sp.lead_in_quote, p.lead_in or p.text, r.label)
        if sp.institution_consequence is not None and p.lead_in:
            ck.verbatim(path, rw, "institution_consequence quote", sp.institution_consequence.quote, p.lead_in, r.label)

    if sp is not None:  # after the rules' own labels, so a mistyped label is named as such
        covered = {r.label for r in entry.rules}
        for p in ck.doc.all_provisions:
            if p.article == entry.article and p.kind == "item" and p.label not in covered:
                ck.fail(path, where, f"{p.label} has no rule record: every item of a sanctioning article needs one")

    if entry.certificate is not None:
        cw = where + " > certificate"
        p = ck.provision(path, cw, entry.certificate.label)
        if p.article != entry.article:
            ck.fail(path, cw, f"{entry.certificate.label} is not part of {entry.label}")
        ck.verbatim(path, cw + " > quote", "quote", entry.certificate.quote, p.text, p.label)
        ck.markers(path, cw + " > measures", entry.certificate.measures, entry.certificate.quote, measures)

    for j, st in enumerate(entry.procedure):
        pw = f"{where} > procedure[{j}] {st.label}"
        p = ck.provision(path, pw, st.label)
        if p.article != entry.article:
            ck.fail(path, pw, f"{st.label} is not part of {entry.label}")
        ck.verbatim(path, pw + " > quote", "quote", st.quote, p.text, st.label)
        if (st.deadline is None) != (st.working_days is None):
            ck.fail(path, pw, "deadline and working_days go together")


def _rule(entry: ArticleEntry, spec, source: str) -> Rule:
    sp = entry.sanction
    return Rule(
        label=spec.label,
        article=entry.article,
        article_label=entry.label,
        subject=sp.subject,
        subjects=(sp.subject, *sp.also_subjects),
        quote=spec.quote,
        lead_in_quote=sp.lead_in_quote,
        conduct=spec.conduct,
        aliases=tuple(spec.aliases),
        examples=tuple(spec.examples),
        conditions=spec.conditions,
        measures=tuple(sp.measures),
        discretionary=tuple(sp.discretionary),
        decided_by=sp.decided_by,
        tier=sp.tier,
        spec=sp,
        institution_consequence=sp.institution_consequence,
        certificate=sp.certificate,
        referral_hint=spec.referral_hint,
        note=spec.note,
        source=source,
    )


def _check_cross_references(ck: _Checker, rules, articles, sources) -> None:
    for r in rules.values():
        where = f"{r.article_label} > rules {r.label} > conditions"
        c = r.conditions
        for name in ("counterpart", "overlaps"):
            target = getattr(c, name)
            if target is not None:
                if target not in rules:
                    ck.fail(r.source, f"{where} > {name}", f"{target!r} is not a rule in the rulebook")
                if rules[target].subject != r.subject:
                    ck.fail(r.source, f"{where} > {name}", f"{target} concerns {rules[target].subject}, not {r.subject}")
        if c.counterpart is not None and c.adverse_impact is None:
            ck.fail(r.source, where, "counterpart needs adverse_impact")
        if c.overlaps is not None and not c.overlap_note:
            ck.fail(r.source, where, "overlaps needs an overlap_note saying why both are shown")
        if c.escalation is not None:
            for n in c.escalation.from_articles:
                base = articles.get(n)
                if base is None or base.sanction is None:
                    ck.fail(r.source, f"{where} > escalation", f"article {n} has no sanctions to escalate from")
                if base.sanction.subject != r.subject:
                    ck.fail(r.source, f"{where} > escalation", f"article {n} concerns {base.sanction.subject}, not {r.subject}")
                if base.sanction.tier >= r.tier:
                    ck.fail(r.source, f"{where} > escalation", f"article {n} is not a lighter rung than {r.article_label}")
        if r.certificate is not None and r.certificate not in {c.label for c in _certs(articles)}:
            ck.fail(r.source, f"{r.article_label} > sanction > certificate", f"{r.certificate} has no certificate record")


def _certs(articles) -> list[CertificateSpec]:
    return [a.certificate for a in articles.values() if a.certificate is not None]
