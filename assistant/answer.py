"""The reply as `regqa ask --json` prints it (DESIGN.md section 4), plus what the app shows."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Citation(BaseModel):
    label: str
    quote: str  # verbatim corpus text at `label`
    chapter: str = ""
    lead_in: str = ""  # an item's article lead-in, also verbatim
    document: str = ""


class Retrieved(BaseModel):
    label: str
    score: float


class Sanction(BaseModel):
    label: str
    subject: str
    measures: list[str]  # Chinese measure labels, rendered from the rule record
    measure_codes: list[str] = []
    decided_by: str | None = None
    verified: bool


class Answer(BaseModel):
    question: str
    intent: str
    answer: str
    citations: list[Citation]
    retrieved: list[Retrieved]
    sanctions: list[Sanction]
    follow_up: list[str]
    latency_ms: float
    lang: str = "zh"
    notices: list[str] = []  # truncation, traditional script, injection ignored, lexical fallback…
    corrected: bool = False  # the LLM's wording disagreed with the rules and was replaced
    llm: str | None = None  # the model that phrased the answer, if any
    steps: list[str] = []  # how the answer was reached, for the UI
    decision: dict | None = Field(default=None, description="the rule engine's Decision, for case answers")

    def contract(self) -> dict:
        """The JSON object of `regqa ask --json`."""
        return self.model_dump(mode="json")
