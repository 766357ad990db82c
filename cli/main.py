"""`regqa`: the command line (contract in DESIGN.md section 4).

Every command takes --json: JSON on stdout, messages on stderr, exit 0 on success, 2 on bad input.
"""

from __future__ import annotations

import enum
import ipaddress
import json
import logging
import os
import sys
from typing import Annotated, Any

import typer
import uvicorn
from tqdm import tqdm
from typer.exceptions import TyperException

from assistant import build, keys
from assistant.errors import UserError
from assistant.language import normalise
from assistant.logging_setup import install_redaction
from assistant.reading import CASE_FILE_BYTES, STDIN_QUESTION_BYTES, parse_json, read_bytes, read_text
from assistant.settings import Settings
from corpus import CorpusError, UnknownLabel, load_corpus
from corpus.messages import one_language, t
from corpus.numerals import to_chinese
from eval.report import summary_lines, write_report
from eval.runner import EvalSetError, evaluate, load_questions
from retrieval import IndexError_, Progress
from rules import CaseError, assess, load_rulebook
from rules.deadlines import appeal_report
from rules.render import deadline_lines, decision_lines, parse_day

class Lang(str, enum.Enum):
    zh = "zh"
    en = "en"


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Q&A over 上海市技能人才评价违纪违规行为处理实施细则(试行) (沪人社职〔2025〕176号).",
)

@app.callback()
def _root() -> None:
    """Keeps `regqa COMMAND` form even while a command is added or removed."""


JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON on stdout for machines.")]
LangOption = Annotated[Lang, typer.Option("--lang", help="The language of the text and of the JSON's messages.")]


def emit(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str, allow_nan=False) + "\n")


def say(message: str) -> None:
    """Human messages go to stderr so that --json output stays clean."""
    sys.stderr.write(message.rstrip("\n") + "\n")


def progress_bar() -> Progress:
    """A tqdm bar on stderr for a long step (an index build), drawn from its progress reports."""
    bars: dict[str, tqdm] = {}

    def report(what: str, done: int, total: int) -> None:
        bar = bars.get(what)
        if bar is None:
            bar = bars[what] = tqdm(total=total, desc=what, unit="chunk", file=sys.stderr, leave=False)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return report


def assistant():
    """The Assistant for this process's settings (built, with a progress bar, on first use)."""
    return build.shared(Settings(), progress=progress_bar(), say=say)


@app.command()
def show(
    label: Annotated[str | None, typer.Argument(help="第七条, 第七条第（一）项, art. 7(2), 第7条 …")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every provision.")] = False,
    document: Annotated[str | None, typer.Option(help="Document id when several are loaded.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Print a provision with its chapter and document."""
    corpus = load_corpus()
    if all_:
        try:
            provisions = corpus.provisions(document)
        except UnknownLabel as exc:
            raise UserError(f"--document: {exc}") from exc
        if as_json:
            emit({"provisions": [p.as_dict() for p in provisions]})
        else:
            for p in provisions:
                if p.kind != "article":
                    print(f"{p.label}  {p.text}")
                else:
                    print(f"\n{p.chapter} · {p.label}")
        return
    if not label:
        raise UserError("请给出条文编号（如 第七条第（一）项）或 --all / give a label (e.g. 第七条第（一）项) or --all")
    try:
        p = corpus.get(label, document)
    except UnknownLabel as exc:
        raise UserError(exc.told()) from exc
    doc = corpus.document(p.document)
    if as_json:
        emit({**p.as_dict(), "document_title": doc.meta.title, "document_number": doc.meta.number})
        return
    print(f"{doc.meta.title}（{doc.meta.number}）")
    print(p.chapter)
    print(f"{p.label}")
    if p.lead_in:
        print(f"  {p.lead_in}")
    print(f"  {p.text}")
    gaps = doc.gaps.get(p.article_label)
    if gaps and p.kind == "article":
        missing = "、".join(f"（{to_chinese(n)}）" for n in gaps)
        print(f"  注：原文该条无第{missing}项，编号按原文保留。(The published text skips item {missing}.)")


@app.command()
def index(
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Rebuild even when the index is current.")] = False,
    ship: Annotated[bool, typer.Option("--ship", help="Maintainers: write the model's vectors and the trained "
                                       "understanding models into the project, so a fresh clone embeds and trains nothing.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Build the retrieval index (rebuilt automatically when the corpus, rules or model change)."""
    settings = Settings()
    if ship:
        build.ship(settings, say=say)
    idx = build.index(settings, progress=progress_bar(), rebuild=rebuild, say=say)
    info = {
        "index_dir": None if settings.chroma_host else str(settings.index_dir),
        "chroma_host": settings.chroma_host,
        "collection": settings.collection,
        "provisions": sum(1 for c in idx.chunks if c.role == "provision"),
        "chunks": len(idx.chunks),  # provisions plus the example questions, all in BM25 and in Chroma
        "embedding_model": idx.model_id,
        "dense": idx.dense,
        "fingerprint": idx.fingerprint,
        "rebuilt": idx.rebuilt,
        "build_seconds": None if idx.build_seconds is None else round(idx.build_seconds, 2),
        "notice": idx.notice,
    }
    if idx.notice:
        say(f"note: {idx.notice}")
    if as_json:
        emit(info)
    elif not idx.rebuilt and idx.dense:
        say(f"Index is current ({info['provisions']} provisions, {idx.model_id}); --rebuild to rebuild.")


@app.command("eval")
def eval_(
    question_set: Annotated[str, typer.Argument(help="JSONL: {id, question, articles, clauses} per line.")],
    report: Annotated[bool, typer.Option("--report", help="Write Markdown and a plot to eval/reports/.")] = False,
    baselines: Annotated[bool, typer.Option(help="Also run the BM25-only and dense-only baselines.")] = True,
    limit: Annotated[int | None, typer.Option(help="Only the first N questions.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Score a labelled question set: the conclusion people read (right, wrong, asked), then retrieval hit@k."""
    if limit is not None and limit < 1:
        raise UserError(f"--limit 须为正整数（前 N 个问题），而不是 {limit} / --limit must be 1 or more (the first N "
                        f"questions), not {limit}")
    try:
        load_questions(question_set)  # a bad set is refused here, before the model loads
        out = evaluate(question_set, assistant(), baselines=baselines, progress=True, limit=limit)
    except EvalSetError as exc:
        raise UserError(str(exc)) from exc
    if report:
        for path in write_report(out):
            say(f"wrote {path}")
    if as_json:
        emit(out)
    else:
        print("\n".join(summary_lines(out["metrics"])))


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="A question in plain words (Chinese or English), or - for stdin.")],
    as_json: JsonFlag = False,
) -> None:
    """Answer a question: the outcome decided by the rules, each provision quoted verbatim."""
    if question == "-":  # bounded; bytes that are not UTF-8 become U+FFFD, as in a question typed
        question = read_bytes("-", STDIN_QUESTION_BYTES, "问题", "the question").decode("utf-8", "replace")
    normalise(question)  # a question with nothing to answer fails here, before the model loads
    answer = assistant().ask(question)
    for notice in answer.notices:
        say(f"note: {notice}")
    if as_json:
        emit(answer.contract())
        return
    print(answer.answer)
    print("\n" + t("cli.sources", answer.lang, labels="，".join(c.label for c in answer.citations)))


@app.command()
def check(
    case_file: Annotated[str, typer.Argument(help="CASE.json (DESIGN.md section 4), or - for stdin.")],
    lang: LangOption = Lang.zh,
    as_json: JsonFlag = False,
) -> None:
    """Assess a case with the rule engine: provisions, measures, deadlines, open questions."""
    text = read_text(case_file, CASE_FILE_BYTES, "案件文件", "the case file")
    data = parse_json(text, "案件文件", "the case file", "标准输入" if case_file == "-" else case_file)
    try:
        decision = assess(data, load_rulebook(load_corpus()))
    except CaseError as exc:
        raise UserError(exc.said.in_(lang.value)) from exc
    if as_json:
        emit(decision.as_json(lang.value))
    else:
        print("\n".join(decision_lines(decision, lang.value)))


@app.command()
def deadline(
    received: Annotated[str, typer.Option("--received", help="Day the decision (or notice) was received, YYYY-MM-DD.")],
    filed: Annotated[str | None, typer.Option("--filed", help="Day the statement was filed, if known.")] = None,
    lang: LangOption = Lang.zh,
    as_json: JsonFlag = False,
) -> None:
    """Art. 29 deadlines in working days: state one's case, and the review decision."""
    try:
        report = appeal_report(parse_day(received, "--received"), load_rulebook(load_corpus()),
                               parse_day(filed, "--filed") if filed else None)
    except ValueError as exc:  # DayError, DateError: said in both languages
        said = getattr(exc, "said", None)
        raise UserError(said.in_(lang.value) if said is not None else str(exc)) from exc
    if as_json:
        emit(one_language(report, lang.value))
    else:
        print("\n".join(deadline_lines(report, lang.value)))


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 for every interface.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
) -> None:
    """Serve the HTTP API (FastAPI on uvicorn; OpenAPI at /docs): the same JSON as these commands."""
    settings = Settings()
    try:
        keys.check_keys(settings.api_keys)
    except keys.KeyError_ as exc:
        raise UserError(str(exc)) from exc
    if not settings.api_keys and not _loopback(host):
        raise UserError(f"未配置 API 密钥 / no API key is configured (REGQA_API_KEYS), so serving on {host} would let "
                        "anyone on the network ask: make one with `regqa apikey NAME`, or serve on 127.0.0.1")
    # uvicorn's own logging is replaced by the root logger's, which redacts (install_redaction), and
    # its access log by the API's request log, which holds neither bodies nor query strings.
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.INFO)  # also for libraries that set their own loggers to DEBUG
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        handlers=[handler], force=True)
    install_redaction()
    say(f"regqa API on http://{host}:{port} (docs: /docs); {len(settings.api_keys) or 'no'} API key(s)")
    # By import string, as uvicorn runs apps: api/ sits beside cli/ in the layers, not below it.
    uvicorn.run("api.app:make", factory=True, host=host, port=port, log_config=None, access_log=False,
                timeout_graceful_shutdown=10)


@app.command()
def apikey(
    name: Annotated[str, typer.Argument(help="A name for the client system, e.g. portal or wecom-bot.")],
    as_json: JsonFlag = False,
) -> None:
    """Make an API key for `regqa serve`: the key is shown once, the settings keep only its hash."""
    key = keys.new_key()
    configured = {**Settings().api_keys, name: keys.hashed(key)}
    try:
        keys.check_keys(configured)
    except keys.KeyError_ as exc:
        raise UserError(str(exc)) from exc
    setting = json.dumps(configured, separators=(",", ":"))
    if as_json:
        emit({"name": name, "key": key, "REGQA_API_KEYS": setting})
        return
    print(f"key for {name} (shown once, give it to the client):\n  {key}")
    print(f"settings (environment or .env; the existing keys kept):\n  REGQA_API_KEYS='{setting}'")


def main(argv: list[str] | None = None) -> int:
    install_redaction()  # every log record is redacted (ID-card and phone numbers, names)
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="regqa", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        say("已中止 / aborted")
        return 1
    except TyperException as exc:  # usage errors: unknown option, missing argument (click's words are English)
        say(f"error: 命令行用法有误（见 regqa --help） / usage: {exc.format_message()}")
        return 2
    except UserError as exc:  # both languages: the CLI does not know the reader's before a question is read
        zh, en = exc.said.zh, exc.said.en
        say(f"error: {zh}" if zh == en else f"error: {zh} / {en}")
        return 2
    except Exception as exc:  # the user gets a message, never a traceback
        if os.environ.get("REGQA_DEBUG"):
            raise
        if isinstance(exc, CorpusError):
            say(f"error: 无法读取细则原文 / the regulation source cannot be read: {exc}")
            return 2
        if isinstance(exc, IndexError_):  # e.g. the configured Chroma server does not answer
            say(f"error: 检索索引不可用 / the retrieval index is unavailable: {exc}")
            return 1
        say(f"internal error: 内部错误，请报告 / an internal error, please report it: {type(exc).__name__}: {exc} "
            "(set REGQA_DEBUG=1 for details)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
