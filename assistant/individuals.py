"""Several people of one kind, or one person's listed acts, told one after another: "考评员甲答应了…；
考评员乙直接说不接…。甲和乙分别怎么处理？", "两家机构：一家…；另一家…", "1）考评员老周迟到；2）督导员
没戴证卡…", "Institution X … Institution Y …". A decision per person (assistant/people.py) is one per
kind of person, so the second examiner or the second institution was left unstated. Here the story is
cut where each one's part starts, and each part is read and decided on its own, with the words
before the list (who they are) and the shared words after it ("两人都是第一次。分别怎么处理？").

A list is recognised only when its marks run in order (甲 before 乙, A before B, 1 before 2, 一家 before
另一家), each where a clause starts, and the question asks about each; "考生A把手机给考生B看" names
B inside A's act and is not a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A clause starts at the beginning, after a stop, a colon, a comma, a line break or a bracket (in
# English after the stop and its space: "…on purpose; another candidate …", not "with another examiner").
_START = r"(?:^|(?<=[。！？?!；;：:，,\n、（(）)])|(?<=[.;:,!?)]\s))\s*"
_KINDS_ZH = r"(?:考生|学员|考评员|考官|督导员|督导|专家|工作人员|考务人员|考务|同事|机构|评价机构|公司|考点|考核点|学校|培训机构)"
_KINDS_EN = r"(?:[Cc]andidate|[Ee]xaminee|[Ss]tudent|[Tt]rainee|[Ee]xaminer|[Aa]ssessor|[Ss]upervisor|[Ee]xpert|[Ss]taff(?: member)?|[Pp]roctor|[Ii]nvigilator|[Cc]lerk|[Ii]nstitution|[Cc]ent(?:re|er)|[Pp]rovider|[Ss]chool|[Aa]gency|[Pp]erson)"

# Each scheme: a pattern for one mark (group "key" says which in the order) and the order of keys.
_STEMS = "甲乙丙丁戊"
_LETTERS = "ABCDE"
_XYZ = "XYZ"
_NUMBERS_ZH = "一二三四五"
_CIRCLED = "①②③④⑤"


@dataclass(frozen=True)
class _Scheme:
    name: str
    pattern: re.Pattern
    order: str  # the keys in their order; a key's index is its place in the list


def _scheme(name: str, body: str, order: str) -> _Scheme:
    return _Scheme(name, re.compile(_START + body), order)


_SCHEMES = (
    # 甲/乙: "甲机构…", "考评员甲…", "甲…"; not 甲醛, 乙醇 and other words that start with a stem
    _scheme("stem", rf"(?:{_KINDS_ZH})?(?P<key>[{_STEMS}])(?:{_KINDS_ZH}|(?![醛醇酸烷烯炔苯胺类型级等方肝流]))", _STEMS),
    # A/B: "A机构…", "考生A…", "Candidate A …", "A:"; a letter standing alone, not in a word
    _scheme("letter", rf"(?:{_KINDS_ZH}|{_KINDS_EN}\s+)?(?P<key>[{_LETTERS}])(?![A-Za-z0-9])(?:{_KINDS_ZH})?", _LETTERS),
    _scheme("xyz", rf"(?:{_KINDS_ZH}|{_KINDS_EN}\s+)?(?P<key>[{_XYZ}])(?![A-Za-z0-9])(?:{_KINDS_ZH})?", _XYZ),
    # numbered lists: "1）", "1)", "1.", "1、", "（1）", "(1)", "①", "一是", "一、"
    _scheme("number", r"[（(]?(?P<key>[1-5])(?:[）)]|[.、．](?!\d))", "12345"),
    _scheme("circled", rf"(?P<key>[{_CIRCLED}])", _CIRCLED),
    _scheme("zh_number", rf"[（(]?(?P<key>[{_NUMBERS_ZH}])(?:是|[、）)])", _NUMBERS_ZH),
    # "一家…，另一家…", "一个…另一个…", "one … the other …"
    _scheme("one_other", rf"(?P<key>一(?=[家个名位人])|另(?=一?[家个名位人])|(?i:one|the other|another)(?=\s+(?:one\b|of them|{_KINDS_EN})))", "一另"),
)

# People named: 小孙/老蒋, 张某/李某某, 王老师, "Ms. Gu", "Mr. Hu". Surnames that also begin common words
# after 小/老 (小于, 小白, 小程序, 小龙虾, 一小段, 小孔, 小方块, 小毛病, 小向导, 小石子) are left out there.
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶苏魏吕丁任沈姚卢姜崔钟谭陆汪范金廖贾夏韦付邹孟熊秦邱尹薛闫雷侯史陶黎贺顾郝龚邵钱严覃武戴莫汤"
_NICK = "".join(ch for ch in _SURNAMES if ch not in "于白程龙段孔方毛向石")
_NAME = re.compile(rf"(?:[小老][{_NICK}](?![{_NICK}]?[某])|[{_SURNAMES}]某某?|[{_SURNAMES}](?:老师|师傅|经理|主任|阿姨|大姐))"
                   r"|(?:Mr|Ms|Mrs|Miss|Dr)\.?\s+[A-Z][a-z]+")
_CLAUSE = re.compile(r"[^。！？?!；;，,：:\n]+")

# The question asks about each: "分别", "各", "两人/两家/三个…", "both", "each".
_EACH = re.compile(
    r"分别|各自|各(?:要|会|该|怎么|按|是)|[两二三四五2-5](?:个人|个|家|位|名|人|件|种|起)|这[两三几]|几家|几个人|都(?:怎么|会|要|该)|哪条哪项"
    r"|(?i:\beach\b|\bboth\b|\ball (?:two|three|of them)\b|\btwo\b|\bthree\b|\brespectively\b|\bthem\b)"
)
_AND = r"\s*(?:和|与|、|及|跟|还有|以及|/|&|(?i:and))\s*"
# Words after the list that are said of all of them, or ask ("两人都是第一次", "分别怎么处理？").
_SHARED = re.compile(r"都|均|分别|各|[两二三四五](?:个|家|位|名|人)|同一|怎么|如何|哪|吗|呢|[?？]"
                     r"|(?i:\bboth\b|\beach\b|\ball\b|\bneither\b|\bwhat\b|\bhow\b|\bwhich\b)")
_SENTENCE = re.compile(r"(?<=[。！？?!])|(?<=\.)\s+(?=[A-Z])")
_ASKS = re.compile(r"[?？]|怎么|如何|哪|吗|呢|(?i:\bwhat\b|\bhow\b|\bwhich\b)")
# schemes that name people (not a numbered list of facts): a question asked of none of them alone is
# asked of each ("甲机构…；乙机构…。怎么处理？")
_NAMING = frozenset({"stem", "letter", "xyz", "one_other", "name"})


@dataclass(frozen=True)
class Part:
    """One person's (or one act's) part of the story, as read on its own."""

    name: str  # the mark as written ("考评员甲", "A", "1）", "小孙"), to head its answer
    text: str  # the words before the list, this part, and the shared words after it


def _marks(text: str, scheme: _Scheme) -> list[tuple[int, str, str]]:
    """(where, key, as written) for the first mark of each key, while they run in order from the first key."""
    first: dict[str, re.Match] = {}
    for m in scheme.pattern.finditer(text):
        key = m.group("key")
        if scheme.name == "one_other":
            key = "一" if key.lower() == "one" or key == "一" else "另"
        first.setdefault(key, m)
    if scheme.name == "one_other" and "另" in first and ("一" not in first or first["一"].start() > first["另"].start()):
        # "外部督导员老钱…；另一位内部督导员小丁…": the first one's part starts after the colon, if any
        colon = max(text.rfind(c, 0, first["另"].start()) for c in "：:")
        return [(colon + 1, "一", ""), (first["另"].start(), "另", first["另"].group(0))]
    out: list[tuple[int, str, str]] = []
    for key in scheme.order:
        m = first.get(key)
        if m is None or (out and m.start() <= out[-1][0]):
            break
        out.append((m.start(), key, m.group(0)))
    return out


def _named(text: str) -> list[tuple[int, str, str]]:
    """Each person named first in a clause, where that clause starts, in order of first mention."""
    out: dict[str, tuple[int, str, str]] = {}
    for clause in _CLAUSE.finditer(text):
        m = _NAME.search(clause.group(0))
        if m is not None:
            name = m.group(0)
            out.setdefault(name, (clause.start() + len(clause.group(0)) - len(clause.group(0).lstrip()), name, name))
    return sorted(out.values())


def _asks_each(text: str, marks: list[tuple[int, str, str]], scheme: str) -> bool:
    if _EACH.search(text):
        return True
    keys = [re.escape(k) for _, k, _ in marks if k]
    if len(keys) >= 2 and re.search(f"(?:{'|'.join(keys)}){_AND}(?:{'|'.join(keys)})", text):
        return True  # "A和B怎么处理？", "李某和赵某…"
    if scheme not in _NAMING or not marks[0][2]:
        return False  # a numbered list, or "…; another candidate …" with no first one marked: only when each is asked
    asking = [s for s in _SENTENCE.split(text) if _ASKS.search(s)]
    return bool(asking) and not any(k in asking[-1] for _, k, _ in marks if k)


def _intertwined(marks: list[tuple[int, str, str]], bodies: list[str], scheme: str) -> bool:
    """One's part names another of them ("考生王某耳内藏有耳机…；考生李某事先与王某等3人约定…"): the acts
    are one story (here an organised cheat) and each part alone would tell only a piece of it."""
    named = [[m.group(0) for m in _NAME.finditer(body)] for body in bodies]
    for i, here in enumerate(named):
        for j, there in enumerate(named):
            # one person acting in two parts is one person's listed acts ("1）老王迟到；2）老王…"); one
            # named in another's part is part of that one's act
            if i < j and any(n in there and not (here[0] == n == there[0]) for n in here):
                return True
    if scheme not in ("stem", "letter", "xyz", "name"):
        return False
    keys = [k for _, k, _ in marks]
    for i, body in enumerate(bodies):
        own = body[len(marks[i][2]):]
        for j, key in enumerate(keys):
            if j != i and re.search(rf"(?<![A-Za-z0-9]){re.escape(key)}(?![A-Za-z0-9])", own):
                return True
    return False


def parts(text: str) -> list[Part]:
    """The story's parts, one per person or act listed, when the question asks about each; [] else."""
    best: list[tuple[int, str, str]] = []
    chosen = ""
    # marks written as such first (the earliest list), then people named, then "…；另一位…" alone
    explicit = [(s.name, _marks(text, s)) for s in _SCHEMES]
    tiers = [[(n, m) for n, m in explicit if m and m[0][2]], [("name", _named(text))],
             [(n, m) for n, m in explicit if m and not m[0][2]]]
    for tier in tiers:
        for name, marks in tier:
            if len(marks) >= 2 and (not best or marks[0][0] < best[0][0]) and _asks_each(text, marks, name):
                best, chosen = marks, name
        if best:
            break
    if len(best) < 2:
        return []
    english = not re.search(r"[\u4e00-\u9fff]{4}", text)
    stop = ". " if english else "。"
    before = text[: best[0][0]]
    bodies = [text[a: b] for (a, _, _), (b, _, _) in zip(best, best[1:], strict=False)]
    sentences = [s for s in _SENTENCE.split(text[best[-1][0]:]) if s]
    shared_from = next((i for i, s in enumerate(sentences[1:], 1) if _SHARED.search(s)), len(sentences))
    after = "".join(sentences[shared_from:]).strip()
    bodies.append("".join(sentences[:shared_from]))
    if _intertwined(best, bodies, chosen):
        return []
    out = []
    for n, ((_, _, written), body) in enumerate(zip(best, bodies, strict=True), 1):
        body = body.strip().rstrip("；;，, \n")
        if len(re.sub(r"\W", "", body)) < 4:
            return []  # a mark with nothing told after it is not a list of people's acts
        end = "" if body.endswith(("。", ".", "！", "？", "?", "!")) else stop
        sep = " " if english and end == "" else ""
        name = written.strip("（()）、.．：: ") or str(n)
        out.append(Part(name if chosen != "one_other" else str(n), f"{before}{body}{end}{sep}{after}".strip()))
    return out
