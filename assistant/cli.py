"""`regqa`: the command line (contract in DESIGN.md section 4).

Every command takes --json: JSON on stdout, messages on stderr, exit 0 on success, 2 on bad input.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Annotated, Any

import typer
from typer.exceptions import TyperException

from assistant.errors import UserError

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


def emit(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def say(message: str) -> None:
    """Human messages go to stderr so that --json output stays clean."""
    sys.stderr.write(message.rstrip("\n") + "\n")


@app.command()
def show(
    label: Annotated[str | None, typer.Argument(help="第七条, 第七条第（一）项, art. 7(2), 第7条 …")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every provision.")] = False,
    document: Annotated[str | None, typer.Option(help="Document id when several are loaded.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Print a provision with its chapter and document."""
    from corpus import UnknownLabel, load_corpus

    corpus = load_corpus()
    if all_:
        provisions = corpus.provisions(document)
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
        raise UserError("give a label (e.g. 第七条第（一）项) or --all")
    try:
        p = corpus.get(label, document)
    except UnknownLabel as exc:
        hint = f" Nearest: {', '.join(exc.suggestions)}" if exc.suggestions else ""
        raise UserError(f"{exc}.{hint}") from exc
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
        from corpus.numerals import to_chinese

        missing = "、".join(f"（{to_chinese(n)}）" for n in gaps)
        print(f"  注：原文该条无第{missing}项，编号按原文保留。(The published text skips item {missing}.)")


def main(argv: list[str] | None = None) -> int:
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="regqa", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        say("aborted")
        return 1
    except TyperException as exc:  # usage errors: unknown option, missing argument
        show_usage = getattr(exc, "show", None)
        show_usage() if show_usage else say(f"error: {exc.format_message()}")
        return 2
    except UserError as exc:
        say(f"error: {exc}")
        return 2
    except Exception as exc:  # the user gets a message, never a traceback
        if os.environ.get("REGQA_DEBUG"):
            raise
        from corpus import CorpusError

        if isinstance(exc, CorpusError):
            say(f"error: the regulation source cannot be read: {exc}")
            return 2
        say(f"internal error: {type(exc).__name__}: {exc} (set REGQA_DEBUG=1 for details)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
