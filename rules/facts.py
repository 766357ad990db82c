"""Facts stated in the conduct's own words ("被谈话提醒两次后又迟到", "提醒后马上改正了").

Only explicit phrasings are read; a fact given in `case.facts` always wins, and every fact read
from words is reported in the Decision's trace and assumptions, so nothing is silently guessed.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from corpus.text import detect_lang

_NUM = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_N = r"(\d+|[零〇一二两俩三四五六七八九十]+)"


_EN_NUM = {"once": 1, "one": 1, "a": 1, "an": 1, "twice": 2, "two": 2, "thrice": 3, "three": 3, "four": 4, "five": 5,
           "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _int(token: str) -> int | None:
    token = token.strip().lower().removesuffix(" times").strip()
    if token in _EN_NUM:
        return _EN_NUM[token]
    if token.isdigit():
        return int(token)
    if token in _NUM:
        return _NUM[token]
    if len(token) == 2 and token[0] == "十":
        return 10 + _NUM.get(token[1], 0)
    if len(token) >= 2 and token[-1] == "十":
        return _NUM.get(token[0], 0) * 10
    if len(token) == 3 and token[1] == "十":
        return _NUM.get(token[0], 0) * 10 + _NUM.get(token[2], 0)
    return None


_NEGATED = re.compile(r"(没有?|未|从未|从没|不曾)(被)?$")
_DENIED_INSIDE = re.compile(r"(?:没有?|未|从未|从没|不曾)被|(?i:\b(?:never|not|n't)\s+(?:been\s+)?warned)")
_QUESTION_AFTER = re.compile(r"^.{0,3}(吗|么|？|\?)")
# A modal before the verb asks about the measure, it tells no record ("机构会不会也被约谈",
# "要不要被约谈"): the words are the sanction the asker expects.
_MODAL_BEFORE = re.compile(r"(?:会|会不会|是否|能否|要不要|会否|可能|该不该|是不是)(?:也|还|再|又|就)?$")

# English questions state the same facts ("after two talks this cycle", "4 score errors this year").
_EN_N = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|once|twice|thrice|\d+ times)"
_COUNTED = {
    # "谈话" and "谈过…话" are talk-reminders; "约谈" is the regulator's interview of an institution
    "prior_talks_in_cycle": [rf"谈话提醒(?:过|了)?{_N}(?:次|回)", rf"{_N}(?:次|回)谈话提醒",
                             rf"(?<!约)谈(?:过|了)?{_N}(?:次|回)话", rf"(?<!约)谈话(?:过|了)?{_N}(?:次|回)",
                             rf"被[^。，,；;？?]{{0,6}}?(?<!约)谈(?:过|了){_N}(?:次|回)",
                             # "4月迟到一次、6月早退一次，两次都被机构找去谈话提醒过了"
                             rf"{_N}(?:次|回)都(?:被|让|给)[^。，,；;？?]{{0,10}}?谈话提醒",
                             # the total told after the record ("分别对他谈话提醒，共两次")
                             rf"谈话提醒(?:过|了)?[，,]?(?:一共|总共|共计|共|累计)(?:已经|已)?(?:有)?{_N}(?:次|回)",
                             rf"(?i){_EN_N}\s+(?:more\s+|further\s+)?['‘\"]?(?:talk[- ]?reminders?|talks|reminder[- ]talks|verbal reminders?|talking[- ]tos?)\b",
                             rf"(?i)(?:talked to|had (?:a )?talks?|been reminded|(?:verbal|talk-?) ?reminders?)\s+{_EN_N}",
                             # "she was already spoken to once this cycle": the talk told in everyday English, with its count
                             rf"(?i)\b(?:been|was|were|got)\s+(?:already\s+)?spoken to\s+{_EN_N}\b",
                             rf"(?i)had\s+(?:a|an)\s+(?:\w+\s+)?['‘\"]?(?:chat|talk)['’\"]?\s+with\s+(?:me|him|her|them)\s+{_EN_N}",
                             # "in March she got a reminder talk for …" (and "another" later: _ANOTHER)
                             r"(?i)\b(?:got|had|received|was given|been given|gave (?:me|him|her|them))\s+(a|one)\s+(?:formal\s+)?['‘\"]?(?:talk-?reminder|reminder[- ]talk|verbal reminder)\b",
                             # the Chinese term in English with its count ("got a 谈话提醒 twice this cycle")
                             rf"(?i)谈话提醒\s+{_EN_N}\b",
                             # "got a talking-to (谈话提醒) once this cycle": one, said so (a bare "talking-to"
                             # may be one of "the first two times")
                             r"(?i)\b(?:got|had|received|was given|been given)\s+(a|one)\s+['‘\"]?talking[- ]to\b[^.;]{0,40}?\bonce\b"],
    "prior_criticisms_in_cycle": [rf"(?:通报|点名)批评(?:过|了)?{_N}(?:次|回)", rf"{_N}(?:次|回)(?:通报|点名)?批评",
                                  rf"(?:通报|点名)批评(?:过|了)?[，,]?(?:一共|总共|共计|共|累计)(?:已经|已)?(?:有)?{_N}(?:次|回)",
                                  rf"(?:挨|吃)(?:过|了)?{_N}(?:次|回)(?:通报|批评)",
                                  rf"(?i)critici[sz]ed\s+(?:publicly\s+)?{_EN_N}", rf"(?i){_EN_N}\s+public criticisms?"],
    "prior_interviews_in_cycle": [rf"约谈(?:过|了)?{_N}(?:次|回)", rf"{_N}(?:次|回)约谈", rf"(?i)interviewed\s+{_EN_N}",
                                  # the regulator's side: "we already held one regulatory interview with X's head"
                                  rf"(?i)\b(?:held|had|conducted|did|carried out)\s+(an?|{_EN_N[1:-1]})\s+(?:formal\s+)?(?:regulatory\s+)?(?:interviews?|约谈)(?:\s*[(（][^)）]{{0,10}}[)）])?\s+with\b"],
    "score_errors_in_year": [rf"(?:录|输|汇总|登记|算)[入错]?了?{_N}(?:次|回)", rf"错(?:误|了)?(?:已经|已)?(?:累计|一共|总共|共)?(?:了)?(?:正好|刚好|整整|刚刚)?{_N}(?:次|回)",
                             rf"{_N}(?:次|回)(?:成绩)?(?:录入|汇总)?(?:错误|差错|错)", rf"出(?:了|过)?{_N}(?:次|回)(?:错|差错|错误)",
                             rf"(?:录入|录分|登分|汇总|登记|录成绩|算分)(?:时)?(?:错误|差错|出错|出了错|出过错)(?:了|过)?(?:就|也|才|只|一共|总共|共|已经)?(?:出|有|发生)?(?:了|过)?{_N}(?:次|回)",
                             rf"(?i)(?:messed up|got (?:\w+ )?wrong|mis-?typed|mis-?entered|mixed up)[^.;]{{0,60}}?\b{_EN_N}\s+times",
                             # "录入老出错，查下来至少4次了": the count a few words on, no other record between
                             rf"(?:出错|错误|差错)[^。；;约谈批评警告提醒更正]{{0,12}}?(?:至少|起码|不少于|已经|累计|一共|总共)(?:有)?{_N}(?:次|回)",
                             rf"(?i){_EN_N}\s+(?:score|grading|data|entry|compilation|scoring|score-entry|data-entry|typing|totall?ing|recording)?[\s-]*(?:(?:entry|compilation|summary)(?:/[a-z]+)?\s+)?(?:errors|mistakes|slip-?ups)",
                             # one error, named as an entry error ("1 score-entry error"): a bare "one mistake" may be a grading one
                             rf"(?i){_EN_N}\s+(?:score|data|entry|score-entry|data-entry|compilation)[\s-]*(?:entry\s+)?(?:error|mistake|slip-?up)\b",
                             # the count after the noun: "score-entry mistakes exactly 3 times this year"
                             rf"(?i)(?:errors?|mistakes?|slip-?ups?)\b[^.;]{{0,30}}?\b(?:exactly|only|just|a total of|in total|altogether)?\s*{_EN_N}\s+times",
                             # "score-entry mistakes: 6 so far this year", "entry errors - 4 to date"
                             rf"(?i)(?:errors|mistakes|slip-?ups)\s*[:：–-]\s*(?:exactly|only|just|about)?\s*{_EN_N}\b(?!\s*(?:%|percent|people|candidates|score|correction))",
                             rf"(?i)(?:errors|mistakes|slip-?ups)\b[^.;:]{{0,20}}?\b{_EN_N}\s+(?:so far|to date|this year|in the (?:past|last) (?:year|12 months))"],
    "score_corrections_in_year": [rf"{_N}人次", rf"更正(?:申请)?(?:了|过)?(?:已经|已)?(?:正好|刚好|整整|一共|总共|共|累计)?{_N}(?:次|回)",
                                  rf"{_N}(?:次|回)(?:成绩)?更正",
                                  r"(?i)(\d+)\s+(?:person-times|(?:score[- ])?corrections?(?:[- ](?:requests?|applications?))?|requests? for (?:a )?(?:score )?corrections?)",
                                  r"(?i)(?:score[- ])?correction(?:s|[- ]requests?)?\b[^.;]{0,30}?\b(?:exactly|only|just|a total of|in total|totall?ing)?\s*(\d+)\s*(?:times|person-times|\b)(?!\s*(?:errors?|mistakes?))"],
}
# "别的数据错误没有", "no entry errors at all": a count told as none.
_NO_ERRORS = re.compile(r"(?:录入|汇总|数据|成绩|登分)?(?:错误|差错|出错)(?:一次)?(?:都|也)?(?:没有|没出过|为零|是零)|没(?:有)?(?:出过|出现过?|发生过?)(?:任何)?(?:录入|汇总)?(?:错误|差错|错)"
                        r"|(?i:\bno (?:other )?(?:score[- ])?(?:entry |data |compilation )?(?:errors|mistakes)\b|\bzero (?:errors|mistakes))")
# "no correction requests", "没申请过更正": corrections told as none.
_NO_CORRECTIONS = re.compile(r"(?:没有?|未|从没|从未)(?:申请|提交|提出|报)过?(?:任何)?(?:成绩)?更正|更正(?:申请)?(?:一次)?(?:都|也)?(?:没有|为零|是零|0人次)"
                             r"|(?i:\bno (?:score[- ])?correction(?:s| requests?| applications?)\b|\bzero (?:score[- ])?corrections?\b)")
_ONCE = {  # "被通报批评过", "was publicly criticised" without a number: at least once
    "prior_criticisms_in_cycle": r"(被|已)(?:[^。，,；;？?]{0,8}?)(?:通报|点名)?批评(过|了)|(?P<bare>被(?:[^。，,；;？?要]{0,8}?)(?:通报|点名)批评(?=[，,；;]))|(?:挨|吃)(?:过|了)(?:一次|一回)?(?:通报|批评)|(?i:(?:got|received|was given|had)\s+(?:already\s+)?(?:(?:a|one)\s+)?(?:formal\s+|official\s+|written\s+)?)通报批评|(?i:\b(?:was|were|got|(?:has|have|had)\s+(?:already\s+)?been)\s+(?:already\s+)?(?:publicly\s+)?critici[sz]ed|\b(?:got|received|(?:was|were)\s+(?:already\s+)?given|has had|had)\s+(?:already\s+)?(?:a|one)\s+(?:[a-z-]+\s+){0,3}(?:criticism|reprimand))",
    "prior_interviews_in_cycle": r"(被|已)?约谈(过|了)|被[^。，,；;？?]{0,10}约谈(?!吗|么)|(?i:\b(?:was|were|(?:has|have|had)\s+(?:already\s+)?been)\s+(?:already\s+)?(?:formally\s+)?(?:interviewed|summoned|called in)"
                                 # told by the regulator: "we already summoned (约谈) the head of the institution"
                                 r"|\b(?:we|they|the (?:district|bureau|regulator|inspectors?)[a-z ]{0,20}?)\s+(?:had\s+|have\s+)?(?:already|previously|earlier)\s+(?:summoned|interviewed|called in)\b"
                                 r"|\b(?:already|earlier)\s+(?:had|got|received)\s+(?:a|one)\s+(?:formal\s+)?(?:interview|summons|约谈))",
    # "the manager had a 'chat' with me", "gave me a talking-to": a talk-reminder told in everyday English
    "prior_talks_in_cycle": r"(被|已)谈话提醒(过|了)"
                            r"|(?i:\bhad\s+(?:a|an)\s+(?:quick\s+|little\s+|formal\s+|serious\s+|informal\s+)?['‘\"]?(?:chat|talk)['’\"]?\s+with\s+(?:me|him|her|them)\b"
                            r"|\bgave\s+(?:me|him|her|them)\s+a\s+talking[- ]to\b)"
                            # "each time", "several times" after it: more than one, how many untold
                            r"(?![^;?]{0,45}?\b(?:each|both|every|several|many|a few|some|how many)\s+times?\b)",
}
# Two occasions told, each with one record ("谈话提醒过了，上个月和这个月各一次", "criticised in March and in
# May, once each"): two records.
_EACH_ONCE = {
    "prior_talks_in_cycle": re.compile(r"谈话提醒(?:过|了)?[^。；;？?]{0,12}?(?:和|与|跟|、|及)[^。，,；;？?]{1,8}?各(?:一|1)(?:次|回)"
                                       r"|各(?:被)?(?:谈话)?提醒(?:过|了)?(?:一|1)(?:次|回)"),
    "prior_criticisms_in_cycle": re.compile(r"(?:通报)?批评(?:过|了)?[^。；;？?]{0,12}?(?:和|与|跟|、|及)[^。，,；;？?]{1,8}?各(?:一|1)(?:次|回)"),
}
# A count distributed by 各 over the reasons or occasions listed before it ("已因迟到、缺席培训各被谈话
# 提醒1次", "三月和五月各被通报批评一次"): the count once per item listed. Not over people ("甲和乙各被
# 谈话提醒一次" is one record each): the list must give reasons (因, 为, 由于) or times. Found on the fresh
# rounds: "各被谈话提醒1次" after two reasons was read as one talk in two rounds' memos (r104, r108).
_EACH_BEFORE = re.compile(r"各(?:被|受|挨|吃)?(?:过|了)?$")
_TIME = r"(?:[一二三四五六七八九十\d]{1,2}月|上(?:个)?月|这(?:个)?月|本月|上周|这周|本周|上次|这次|去年|今年)"
_LISTED = re.compile(rf"(?:因|为|由于)(?P<why>[^。，,；;？?因为]{{1,30}})$"
                     rf"|(?P<when>{_TIME}(?:[^。，,；;？?]{{0,6}}?(?:和|与|及|、){_TIME})+)$")
_JOINS = re.compile(r"、|和|与|及|以及|跟|还有")


def _each_of(t: str, start: int) -> int:
    """How many reasons or occasions a count told right after 各 is given for (1 if none)."""
    before = t[max(0, start - 40) : start]
    if not (each := _EACH_BEFORE.search(before)):
        return 1
    listed = _LISTED.search(before[: each.start()])
    if not listed:
        return 1
    return 1 + len(_JOINS.findall(listed.group("why") or listed.group("when")))


# Who gave the warning may stand between 被 and 警告 ("被区里警告", "被人社局警告过").
_WARNED = re.compile(r"(已经?|曾|之前|此前|已)被(?:[^。，,；;？?]{0,8}?)警告|被(?:[^。，,；;？?]{0,8}?)警告(过|了|后|、|，|,|并|(?:并|和|加)?(?:限期|责令|要求)(?:限期)?整改)|警告(过|后)"
                     r"|(?:上次|上回|之前|以前|此前|去年|曾经?)[^。？?]{0,20}被(?:[^。，,；;？?]{0,8}?)警告"
                     # told from the regulator's side, done ("给这家机构下了警告", "作出了警告"; not "会给…下警告吗")
                     r"|(?:给|对)[^。，,；;？?]{0,12}?(?:下|作出|做出|发|出)了[^。，,；;？?]{0,4}?警告|(?:收到|受到|领了|吃了)(?:过|了)?[^。，,；;？?]{0,4}?警告"
                     r"|(?i:already (?:been )?warned|was warned|were warned|after (?:a|the) warning"
                     # "last year the district warned us over ads": a past warning told with who gave it
                     r"|\b(?:district|bureau|regulator|authorit(?:y|ies)|inspectors?|they|it)\s+(?:had\s+)?(?:already\s+)?warned\s+(?:us|them|the (?:centre|center|institution|school))\b"
                     r"|\b(?:gave|issued|received|got|was given|were given)\b[^.;?]{0,30}?(?:warning|警告))")
_REFUSED = re.compile(
    r"(提醒|劝|制止|要求|让他|让她|叫他|叫她|叫我|让我|警告|指出|说了(?:两|几|三|好几)(?:遍|次|回)).{0,14}?(拒不|不肯|不听|没听|拒绝|仍然|仍旧|依然|依旧|还是不|照样|继续(?!答题|答卷|作答|做题|考试|写题|写卷|操作|完成|考)|不理|没理|没搭理|不搭理|当没听见|装没听见|不配合|死活不|就是不|硬是不|偏不|不回|没动|没挪|不挪|没收起|没放|(?:后|也|还|都|仍|仍然|依然|就|一直|他|她|我|死活|还是|照样)(?:不|没)(?:肯)?(?:上)?交(?!钱|费|款|押金|保证金))"
    r"|拒不改正|拒不收|拒不交|拒不放"
    r"|(?i:refus|ignored (?:the|a|our|my|his|her) (?:reminder|warning|request|instruction)s?|ignored (?:him|her|them|the (?:proctor|invigilator|examiner|staff))"
    r"|kept (?:using|talking|smoking|going|vaping|writing|working|on)|carried on|did not comply|didn't comply|paid no attention|took no notice"
    # "would not" said of what a person was asked to do ("wouldn't put his phone away", "he just wouldn't."),
    # not of a thing or a purpose ("his oven wouldn't heat up", "so I wouldn't forget")
    r"|(?:would not|wouldn't)(?=\s*[.;,!]|\s+(?:just\s+|even\s+|ever\s+)?(?:put|stop|move|leave|hand|give|sit|quiet|calm|take|budge"
    r"|go|come|comply|listen|obey|open|turn|switch|remove|stay|change|shut|sign|do (?:it|so|that))\b)"
    r"|(?:did(?:n't| not)|never) (?:stop|listen|obey|move|go back|put (?:it|them) away|hand (?:it|them) over))"
)
_COMPLIED = re.compile(
    r"(提醒|要求|让|叫|喊|说|劝|指出|制止|示意|招呼).{0,16}?(后|之后|马上|立即|立刻|立马|随即|当即|赶紧|赶快|就)+.{0,4}?"
    r"(改正|收起|收好|收回|放好|放过去|拿过去|拿走|拿开|放到|交出|上交|交上|交了|交到|交掉|交给|交过去|不吭声|不出声|不说话|不说了|没声了|照做|照办|配合|回到|回去|坐回|回了|回座位|回位置|回工位|回自己|安静|闭嘴|停止|停下|停了|灭了|掐灭|掐了|掐掉|灭掉|熄灭|关掉|关了|关机|摘掉|摘下|摘了|放下|改了|换回|换了|换过去|挪回|搬回|坐好)"
    r"|(?i:(?:immediately|right away|at once|straight away|promptly)\s+(?:put|handed|went|returned|stopped|complied|took|removed|turned|switched|sat)|complied (?:at once|immediately|right away))"
    # the item taken and the person let it go ("监考把手机收走了，他也没反抗")
    r"|(?:收走|收了|收掉|拿走|没收|收缴)[^。；;]{0,12}?(?:他|她|考生|对方)?(?:也|都)?(?:没(?:有)?(?:反抗|抗拒|拒绝|争辩|闹)|很配合|挺配合|也配合)"
    # English tells compliance after the reminder: "told him to X, and he did (so) / went back / stopped"
    r"|(?i:\b(?:told|asked|reminded|warned|instructed|signalled|signaled)\b[^.;]{0,60}?(?:,|;|\band\b|\bthen\b|\bso\b)\s*"
    r"(?:he|she|they|I|we|the candidate|the student)\s+(?:said sorry|apologi[sz]ed|nodded)?(?:,?\s*and\s+|,\s*)?"
    r"(?:immediately\s+|right away\s+|at once\s+|promptly\s+|quickly\s+|then\s+)?"
    r"(?!did(?:n't| not)|did (?:it|that|the same|so) (?:again|anyway|twice)|would(?:n't| not)|refused|ignored|kept|still)"
    r"(?:did so|did\b|complied|obeyed|stopped|put|took|handed|removed|returned|went back|came back|sat (?:back )?down|switched|turned|threw|moved))"
    r"|(?i:\b(?:did so|complied|stopped|put (?:it|them) away|handed (?:it|them) (?:over|in)|went back)\s+(?:right away|at once|immediately|straight away))"
)
# How long an institution has run no evaluation: 22(5) "1年内…未开展评价活动" and 23(10) "1年（含）以上
# 不开展评价" both need a whole year ("已经8个月没组织评价了" meets neither). A duration next to a
# "none held" verb; months under 12 are a plain denial of the element.
_ZH_SPAN = r"(?P<n>[0-9]+|[一二两三四五六七八九十]+|半)(?P<unit>个月|年)(?P<extra>多|半)?"
_EN_SPAN = r"(?:over\s+|more than\s+)?(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|eighteen|twenty|a|half a)\s+(?P<unit>months?|years?)"
_NO_EVAL_EN = r"(?:assessments?|evaluations?|exams?|tests?|sessions?)"
_NONE_HELD_EN = (r"\b(?:no|zero|not (?:a single|one|any)|(?:have|has)(?:n't| not) (?:run|held|organi[sz]ed|had|done) (?:any|a single))\s+"
                 r"(?:[a-z-]+\s+){0,2}" + _NO_EVAL_EN + r"\b")  # "hasn't held any assessment", "no exams"
_IDLE = (
    re.compile(_ZH_SPAN + r"[^。；;？?，,]{0,8}?(?:没|未|不|停)[^。；;？?，,]{0,4}?(?:开展|组织|考|评价|办|开考|鉴定)"),
    re.compile(r"(?:停|没开展|没组织|未开展|没考|没办)[^。；;？?，,]{0,4}?(?:已经|已|有|快|近)?" + _ZH_SPAN),
    re.compile(_NONE_HELD_EN + r"[^.;?]{0,30}?\b(?:for|in)\s+(?:the (?:past|last)\s+)?" + _EN_SPAN, re.IGNORECASE),
    re.compile(r"\b" + _EN_SPAN + r"\s+(?:without|with no)\s+(?:any\s+|a single\s+)?" + _NO_EVAL_EN, re.IGNORECASE),
    # none held "since" a time, the span told after it ("hasn't held any assessment since last October,
    # about eight months"): the span is the idle time
    re.compile(_NONE_HELD_EN + r"\s+since\b[^.;?]{0,30}?[\s,(—–-]+(?:about|around|roughly|nearly|almost|some|so)?\s*"
               + _EN_SPAN, re.IGNORECASE),
    # the time since filing, then none held ("备案下来8个月了，因为设备没到位一直没开考")
    re.compile(r"备案(?:下来|以来|之后|后|成功|了)?(?:已经|已|才|有|快|刚)?" + _ZH_SPAN + r"了?[，,]?[^。；;？?]{0,24}?"
               r"(?:一直|还|都|从来|始终)(?:没|未)有?(?:开展|组织|开考|考过|考|评价|办|鉴定)"),
)


# Months told as a range within a year ("今年1月到8月都没组织评价"), then none held.
_IDLE_RANGE = re.compile(r"(?P<a>\d{1,2}|[一二三四五六七八九十]{1,2})月(?:份)?(?:初|底|末)?(?:到|至|-|—|~|～)(?P<b>\d{1,2}|[一二三四五六七八九十]{1,2})月(?:份)?(?:初|底|末)?"
                         r"[^。；;？?，,]{0,6}?(?:都|一直|全|均)?(?:没|未|不|停)有?[^。；;？?，,]{0,4}?(?:开展|组织|考|评价|办|开考|鉴定)")


# ... or from a month to now, the month of now told beside it ("3月到现在（10月）都没组织过评价").
_IDLE_TO_NOW = re.compile(r"(?P<a>\d{1,2}|[一二三四五六七八九十]{1,2})月(?:份)?(?:初|底|末)?(?:到|至)(?:现在|目前|如今|今天)[（(](?:现在是|已经)?"
                          r"(?P<b>\d{1,2}|[一二三四五六七八九十]{1,2})月(?:份)?[)）]"
                          r"[^。；;？?，,]{0,6}?(?:都|一直|全|均)?(?:没|未|不|停)有?[^。；;？?，,]{0,4}?(?:开展|组织|考|评价|办|开考|鉴定)")


_MONTHS_EN = {"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "eighteen": 18,
              "twenty": 20}


def _idle_months(text: str) -> tuple[float, str] | None:
    """Months without any evaluation, as told ("8个月没组织评价", "一年多没开展", "no assessments for
    8 months"), else None."""
    for rx in _IDLE:
        if m := rx.search(text):
            token = m["n"].lower()
            n = 0.5 if token in ("半", "half a") else 1 if token == "a" else _MONTHS_EN.get(token) or _int(token)
            if n is None:
                continue
            months = n * 12 if m["unit"].startswith(("年", "year")) else n
            extra = m.groupdict().get("extra")
            return months + (6 if extra == "半" else 1 if extra == "多" else 0), m.group(0)
    if (m := _IDLE_RANGE.search(text) or _IDLE_TO_NOW.search(text)) and (a := _int(m["a"])) and (b := _int(m["b"])) and 1 <= a <= b <= 12:
        return b - a + 1, m.group(0)  # "1月到8月都没组织评价": eight months, January and August included
    return None



# Stepping aside where a relation called for it (回避): 12(3), 15(3), 19(4) are not met by one who declared
# it and was kept away from the candidate. A denial ("也没申请回避", "never declared it") is read first.
_NOT_RECUSED = re.compile(r"(?:没|未|不|没有)(?:有)?(?:主动)?(?:申请|提出|要求)?回避|没(?:有)?(?:跟|向)[^。，,；;]{0,6}(?:报告|申报|说明|说)"
                          # "本该回避", "should have stepped aside": a duty told as not done
                          r"|本(?:该|应|应该|应当)回避"
                          r"|(?i:never (?:declared|disclosed|mentioned)|did(?:n't| not) (?:declare|disclose|recuse|step aside|ask to be moved)"
                          r"|(?:should|ought to|must) (?:have )?(?:stepped aside|step aside|recused|declared)|(?:was|were) supposed to (?:step aside|recuse|declare))")
_RECUSED = re.compile(r"(?:申请了?|主动|提出|按规定)回避|(?:提前|主动|事先|考前)(?:就)?(?:跟|向)[^。，,；;]{0,8}?(?:报告|申报|说明)"
                      # kept apart from the relative's evaluation, so no duty to step aside was broken
                      r"|调(?:我|他|她)?去(?:做|干|负责)?(?:后勤|别的|其他|另外|另一)|不进(?:她|他|我)的?考场|(?:完全|根本)?不沾边"
                      r"|不(?:在|是)同一(?:个)?(?:考点|考场|场次|批次)"
                      # found out on the day and said so at once, or replaced: the duty was met
                      r"|(?:马上|立即|立刻|当即|赶紧|第一时间)(?:就)?(?:跟|向|告诉)[^。，,；;]{0,8}?(?:报告|申报|说明|说了|讲了|提出|反映)"
                      r"|换(?:了|成)?(?:另|别的|其他)(?:一)?(?:名|个|位)?(?:督导|考评员|考官)"
                      r"|(?:调|换|安排|改派)(?:到|去|成)?了?(?:另|别的|其他)[^。，,；;]{0,6}?(?:考场|工种|场次|岗位|组)"
                      r"|(?i:\b(?:declared|disclosed) (?:the|his|her|their|this) (?:relation|relationship|conflict|link)|\brecused\b|stepped aside"
                      r"|(?:was|were|got) (?:moved|reassigned|swapped) to (?:another|a different)"
                      r"|(?:not|never) (?:in|at|on) the same (?:room|session|site|centre|center|batch))")
# A task declined because a relative, pupil or friend is among the candidates ("表弟也报了这场，我就把
#考评任务推了"): what the 回避 principle asks for, not a refusal of the task (13(2)).
_RELATION = r"(?:亲戚|亲属|家属|家人|表弟|表妹|表哥|表姐|堂弟|堂妹|外甥|侄子|侄女|儿子|女儿|老婆|老公|妻子|丈夫|爱人|弟弟|妹妹|哥哥|姐姐|小舅子|学生|徒弟|朋友|熟人)"
_DECLINED = r"(?:推掉|推了|推辞|推脱|没接|不接|没有接|拒绝|谢绝|婉拒|辞掉|退掉|不去|没去|申请不参加|不参加)"
_DECLINED_FOR_RELATION = re.compile(
    rf"{_RELATION}[^。；;？?]{{0,40}}?{_DECLINED}|{_DECLINED}[^。；;？?]{{0,10}}?(?:因为|由于|因)[^。；;？?]{{0,16}}?{_RELATION}"
    r"|(?i:\b(?:declined|turned down|refused|withdrew from|pulled out of)\b[^.;?]{0,60}?\bbecause\b[^.;?]{0,40}?\b(?:relative|cousin|nephew|niece|son|daughter|wife|husband|brother|sister|student|friend|in-law)s?\b"
    r"|\b(?:relative|cousin|nephew|niece|son|daughter|wife|husband|brother|sister|student|friend|in-law)s?\b[^.;?]{0,60}?\b(?:so|therefore)\b[^.;?]{0,20}?\b(?:declined|turned down|refused|withdrew|pulled out)\b)")
# A rectification put right ("整改完复查已经达标", "passed the re-inspection"): 21(7) is a system still
# not compliant after it. "整改后仍不达标" says the opposite and is read first.
_STILL_FAILING = re.compile(r"整改(?:后|完|以后|之后)?[^。，,；;]{0,6}?(?:仍|还|依然|依旧)(?:然|是)?(?:不|没|未)"
                            r"|(?:整改|修好|修复|恢复)(?:了)?(?:后|完|以后|之后)?[^。；;？?]{0,16}?(?:又|再次|还是|仍然?|依然|依旧)(?:有[^。；;？?，,]{0,6}?)?(?:出现|发生|掉线|黑屏|断线|断了|坏|故障|出问题|不行|没画面|看不到|不达标|不合格)"
                            r"|(?i:still (?:not|non-?compliant|failing|failed)[^.;]{0,30}(?:after|despite) (?:the )?(?:rectification|fix))")
_RECTIFIED = re.compile(r"整改(?:完|后|好|以后|之后)?[^。，,；;]{0,8}?(?:已经|已|都)?(?:全部|全都)?(?<![不没未非])(?:达标|合格|符合要求|正常|通过(?:了)?(?:复查|验收)?)"
                        r"|复查(?:时|后)?(?:已经|已|都|也)?(?:全部|全都)?(?:恢复)?(?:达标|合格|通过|正常|没(?:有)?问题)"
                        # "复查已全部恢复", "整改内容也都落实了", "按期完成整改" (not 未按期完成整改)
                        r"|复查[^。；;？?]{0,4}?(?:已经|已)(?:全部|全都)?恢复(?![不没])|(?<![不没])(?:连续|一直)[^。，,；;]{0,6}运行正常"
                        r"|整改(?:内容|措施|要求|事项)?(?:也)?(?:都|已经|已|全部|全都){1,2}落实|(?<![未没沒不])(?<!没有)(?<!沒有)(?<!未能)(?<!没能)(?:按期|按时|如期)(?:完成|落实)(?:了)?整改"
                        r"|(?:马上|很快|当场|当天|立即|立刻|随即|及时)(?:就)?(?:修好|修复|恢复(?:了)?(?:正常|画面|信号|连接|联网|在线))|(?<![没未不])恢复(?:了)?正常"
                        r"|(?i:back (?:online|up|to normal) (?:within|after|in)|(?:fixed|restored|repaired) (?:it |the (?:fault|problem|system|feed) )?(?:at once|right away|immediately|within))"
                        r"|(?i:passed (?:the )?re-?(?:inspection|check)|fixed (?:it|the problem) and (?:it )?passed"
                        r"|\bre-?(?:check|inspection)\s+(?:was\s+|has\s+)?(?:passed|(?:came back |found |showed )?(?:clean|fine|no (?:issues?|problems?)|all (?:clear|normal))))")
# 第七条第（一）项 is the use of an electronic device (a camera, phone, earpiece, USB stick, smart watch or
# band, "其他电子用品"): a use is read as that only where the story names such a device or a use that is
# one (a call, a message, a photo). Using a tool or notes carried in ("kept using my nail file",
# "还翻看了资料") is not 7(1); the conduct's own item decides it.
_DEVICE = re.compile(r"手机|电话|计算器|耳机|耳麦|手表|手环|U盘|优盘|相机|摄像|电脑|平板|蓝牙|对讲机|录音笔|微信|消息|短信|拍照|拍题|拍了|电子|智能|数码"
                     r"|(?i:phone|ear ?pieces?|ear ?buds?|earphones?|headphones?|headsets?|airpods|\bwatch(?:es)?\b|smart ?bands?|fitness bands?"
                     r"|\busb\b|cameras?|laptops?|computers?|tablets?|ipad|bluetooth|walkie|recorder|devices?|electronic|\bsmart|wechat"
                     r"|calculators?|\bmessages?\b|\btext(?:ed|s|ing)?\b|\bcalls?\b|photos?|pictures?|\bpics?\b)")
# Whether a device was used, asked rather than told ("有没有翻看我们没注意到"): no reading.
_USE_UNKNOWN = re.compile(r"(?:有没有|是否|不知道(?:他|她)?(?:有没有)?)$")


# The act taken up again right after it was given up ("关了，但过了一会又放", "转过身又点了一根接着抽")
_RESUMED = re.compile(r"(?<![没不未别])(?<!没有)(?:又|再|接着|继续|照样|照旧)(?:开始|偷偷)?(?:点|放|拿|抽|开|聊|吵|喊|嚷|离开|掏|戴|打|唱|玩|用|看|走|回)"
                      r"|(?i:\b(?:did (?:it|that|so) again|started (?:up |\w+ing )?again|lit (?:up )?another|took (?:it|them) (?:back )?out again"
                      r"|went back to (?:using|talking|smoking|chatting|shouting)|(?:was|were) \w+ing(?: it| them)? again)\b)")
# Nobody reminded them ("也没人提醒过我"): the reminder 第六条(一)-(三) need was never given.
_NOT_REMINDED = re.compile(r"没(?:有)?(?:人|任何人|工作人员|监考)(?:提醒|说|制止|管)|没(?:有)?被(?:人)?提醒|未经提醒|没(?:有)?(?:收到|接到)(?:过)?提醒"
                           r"|(?i:no(?:body| one) (?:told|reminded|warned|said anything to) (?:me|him|her|them)|without (?:any|a) (?:warning|reminder))")
_ADVERSE_NO = re.compile(r"(没有?|未|并未)(造成|产生)(什么|任何)?(不良)?影响|没什么影响|影响不大|没有影响"
                         r"|(?i:no (?:adverse|real) (?:impact|effect)|did(?:n't| not) (?:cause|have) any (?:impact|effect|harm))")
# An adverse impact is also told by what it visibly did: made public (news, a public account, spread
# through chat groups), complaints by many reaching the regulator, a session cancelled.
_ADVERSE_YES = re.compile(r"造成(了)?(较大|严重|很大)?不良影响|影响(很|极|非常)?(坏|恶劣|不好)|引发(社会)?舆论|上了?热搜|媒体(报道|曝光)"
                          r"|(?<![没未不])上了?(?:本地|当地)?(?:新闻|公众号|报纸|电视)|被(?:媒体|记者|公众号|网友)[^。，,；;？?]{0,4}(?:曝光|报道|转发)|(?:好几个|多个|几个)群里(?:都)?传开"
                          r"|集体投诉|联名投诉|(?:好几家|多家|多名|好多|一批)[^。，,；;？?]{0,6}投诉到(?:区|市|人社)|闹到(?:了)?(?:区|市|人社)"
                          r"|(?:考试|那场考试|这场考试|评价|当天的考试)(?:只好|只能|被迫|因此|全部|整场)(?:取消|作废)"
                          r"|(?i:adverse (?:impact|effect)|went viral|in the (?:news|media|papers?)|public outcry|bad publicity|local news|news site"
                          r"|reported (?:it|this|the story|on it) in the (?:news|media|press)|(?:the )?press (?:picked|got hold of)|picked (?:it )?up by (?:the )?(?:news|media|press)"
                          r"|mass complaints?|dozens of complaints|(?:session|exam|assessment) had to be (?:cancelled|canceled|called off|re-?run))")
# An accident is told in these words ("不是故意的", "手一滑"); a deliberate act in these. The first
# wins: "不是故意" contains "故意".
_ACCIDENT = re.compile(r"不是故意|并非故意|不是有意|非故意|无意(?:中|间)?|不小心|一不小心|失手|手滑|手一滑|手(?:一)?抖|没拿稳|操作失误|没注意|不慎|意外(?:地)?(?:碰|弄|摔|损)"
                       r"|(?:完全|纯属|纯粹|只是|就是)(?:是)?(?:我的|他的|她的)?(?:操作|技术)?失误"
                       # an accident as told ("监控看得很清楚是意外", "纯属意外"), not as someone's claim or a
                       # question ("他说是意外", "算不算意外？"); tripped ("被线缆绊了一下")
                       r"|(?<![说称辩讲定持为得])(?:是|属于|纯属|完全是|确实是|确属)(?:个|一场|一次|一起)?意外(?![吗么险？?])"
                       r"|被[^。，,；;]{0,6}绊(?:了一下|了一跤|倒|住)"
                       r"|(?i:by accident|accidental|unintentional|didn't mean to|did not mean to|not on purpose|by mistake|\btripped (?:over|on)\b"
                       # "it was an accident" as told, not as someone's claim ("she said it was an accident, but…")
                       r"|(?<!said )(?<!says )(?<!claimed )(?<!claims )(?<!insists )(?<!insisted )\bit was (?:just |purely |totally |completely |really )?an accident"
                       r"|\b(?:pure|total|complete|just an?|totally an?) accident\b)")
_DELIBERATE = re.compile(r"故意|蓄意|有意(?!见|思|义)|成心|存心|(?i:on purpose|deliberate|intentional)")
# Questions or answers kept to oneself ("只是自己用了没外传") are not spread; spreading is told in these.
_KEPT = re.compile(r"没(?:有)?(?:外传|传出去|传给|发给|给)(?:别人|任何人|其他人)?|(?:只|就)(?:是)?(?:我)?自己(?:用|看|背)|没(?:有)?(?:告诉|透露给)(?:别人|任何人)"
                   r"|(?i:did(?:n't| not) (?:share|pass (?:it|them) on|spread|send)|kept (?:it|them) to (?:myself|himself|herself|themselves)|only used (?:it|them) (?:myself|himself|herself))")
_SPREAD = re.compile(r"传播|外传|传给|散布|转发|发到(?:了)?(?:群|网|朋友圈|微信)|发给(?:了)?(?:别人|其他考生|同学|学员)|卖给"
                     r"|(?i:\bshared\b|\bspread\b|\bposted\b|\bforwarded\b|\bsold\b|\bcirculated\b)")
# What was said is true ("说的都是真事") or made up ("编的", "造谣"): 第九条第（六）项 is 不实信息.
_TRUE_ACCOUNT = re.compile(r"(?:说|写|发)的(?:都|全)?是(?:真|事实|实话|实情|真实)|都是(?:真事|事实|实话|实情)|属实|(?:都|全|确实|的确)是真的(?![吗么])|真实感受|如实|没有造谣|没造谣|不是编的"
                           r"|(?:数据|数字|内容|宣传|广告|通过率)(?:都|也)?(?:是)?(?:真实的?|属实|准确|有据可查|经得起核查|可以核实)|有据可查"
                           r"|(?i:(?:all|everything) (?:I|he|she) (?:said|wrote|posted) (?:was|is) true|true account|\bfactual\b|didn't make (?:it|anything) up"
                           r"|(?:figures?|numbers?|data|claims?|rates?|statistics) (?:are|is|were|was) (?:all )?(?:true|accurate|genuine|verifiable|correct))")
_FALSE_ACCOUNT = re.compile(r"造谣|谣言|编的|编造|捏造|不实|假消息|假新闻|无中生有|子虚乌有|(?i:made (?:it|this|that) up|fake news|\brumou?rs?\b|false (?:claims?|information|post))")
# An absence with a good reason given in time (ill, in hospital, leave asked beforehand): 拒不 (13(2) 拒不接受考评
# 工作任务, 17(1) 拒不参加评价项目开发) is a refusal without one. "没来也没请假" says the opposite and is read first.
_NO_EXCUSE = re.compile(r"(?:没|未|不)(?:有)?(?:提前|事先)?(?:请假|请过假|打(?:个|声)?招呼|说明(?:原因|理由))|无故|没有?(?:任何)?(?:理由|原因)"
                        r"|(?i:without (?:asking for |taking )?(?:leave|notice|a reason|any reason|explanation)|no[- ]show|didn't (?:ask for|take) leave|gave no reason)")
_EXCUSED = re.compile(r"(?:提前|事先|事前|预先)[^。；;？?]{0,12}?(?:请了?假|请过假|书面(?:请假|说明|报告))|(?:病假条|请假条|假条|住院证明|诊断证明|病历|医院(?:的)?证明)"
                      r"|(?:因为|由于|因)[^。；;？?]{0,8}?(?:住院|做手术|手术|生病|病了|发烧|陪产|急病|阑尾炎)|(?:住院|做手术)[^。；;？?]{0,12}?(?:请了?假|去不了|没法(?:参加|去)|不能(?:参加|去))"
                      r"|请了?假[^。；;？?]{0,8}?(?:同意|批准|批了|准了)|(?<![没未不])(?:请了假|请过假)"
                      r"|(?i:\b(?:sick leave|medical leave|sick note|doctor's note|medical certificate|in (?:the )?hospital|hospitali[sz]ed|(?:had|having|for) (?:an? )?(?:surgery|operation))\b"
                      r"|\b(?:asked|applied|requested) for (?:sick )?leave\b[^.;?]{0,30}?\b(?:in advance|beforehand|ahead|approved|granted)\b"
                      r"|\bleave (?:was )?(?:approved|granted)\b)")
# A complaint or report checked and found untrue, or found true: 22(10) needs one "经核实". Said of the
# complaint ("投诉反映的问题均不属实", "the district checked and found it's not true"), not of anything else
# the story says was checked ("复查没有发现问题" is a re-inspection). The denial is read first: it holds the
# other's words ("不属实" holds "属实").
_COMPLAINT = r"(?:投诉|举报|反映|告发|(?i:complain|complaint|report(?:ed)?\b|allegation|tip-?off))"
_UNFOUNDED = re.compile(_COMPLAINT + r"[^。；;？?]{0,40}?(?:均|都|全|也|并)?(?:不属实|不实|查无实据|没(?:有)?(?:查实|证实|核实)|未(?:能|被)?(?:查实|证实|核实)"
                        r"|无法(?:查实|证实|核实)|不成立|子虚乌有|是诬告|没(?:有)?(?:这(?:回|件)?事|此事)|(?:没|未)(?:有)?(?:查到|发现)(?:任何)?(?:问题|证据|违规|实据))"
                        r"|" + _COMPLAINT + r"[^?]{0,120}?(?i:\b(?:(?:is|was|are|were|'s)(?:n't| not) (?:true|substantiated|verified|founded|confirmed|upheld)"
                        r"|unsubstantiated|unfounded|baseless|groundless|untrue|not substantiated"
                        r"|(?:found|turned out|proved|proven|shown) (?:to be )?(?:untrue|false|baseless|groundless|unfounded)"
                        r"|found nothing|(?:no|not any) evidence|dismissed)\b)")
_UPHELD = re.compile(_COMPLAINT + r"[^。；;？?]{0,40}?(?<![不未没无])(?:属实|查实|证实|确有其事|确认(?:了)?(?:问题|属实|存在))"
                     r"|" + _COMPLAINT + r"[^?]{0,80}?(?i:\b(?:(?:was|were|is|are) (?:found )?(?:true|substantiated|upheld|verified|confirmed)|found to be true|checked out)\b)")
# The one who saw misconduct stopped it and reported it at once (15(4), 19(2) are the failure to).
# the measure taken at once, by oneself or through a colleague called over ("立即叫考务制止", "马上让监考收了")
_HANDLED = re.compile(r"(?:马上|立即|立刻|当场|及时|第一时间)(?:就)?(?:(?:叫|让|请|通知|喊)[^。；;，,]{1,8}?)?(?:制止|上报|报告|报给|收(?:走|了|缴)|没收|叫停|指出)"
                      r"[^。；;]{0,20}(?:上报|报告|报给|签字|记录|报了)?"
                      # the measure taken on someone ("stopped it", not a candidate who "stopped right away")
                      r"|(?i:\b(?:(?:stopped|halted)\s+(?:it|him|her|them|the\s+\w+)|confiscated|reported|took\s+(?:(?:it|the\s+\w+|his\s+\w+|her\s+\w+)\s+)?away|intervened)\b"
                      r"[^.;?]{0,60}?\b(?:at once|immediately|right away|straight away|promptly|on the spot)\b"
                      r"|\b(?:immediately|promptly)\s+(?:(?:stopped|halted)\s+(?:it|him|her|them|the\s+\w+)|intervened|reported|confiscated)\b)")
# "没有马上制止，也没上报", "did not stop it right away": the measure told as not taken, which is the
# item's conduct (15(4), 19(2)), not its answer.
_HANDLED_DENIED = re.compile(r"(?:没有?|未|并未|没能|不)$|(?i:\b(?:not|n't|never|failed to)\s+(?:\w+\s+)?$)")
# A device carried in and then used ("还用了", "拿出来查答案"), or carried and never used ("全程没拿出来").
# "全程也没见他掏出来": staff who watched throughout tell what they did not see, which is the story's fact
_NOT_USED = re.compile(r"没(?:有)?(?:拿出来|掏出来|打开|开机)?(?:用|看|使用|碰)(?:过)?|(?:从|并)未(?:使用|拿出|打开)|全程(?:也|都)?(?:没|未)(?:(?:看)?见[他她]?)?(?:拿出|掏出|打开|用|看|碰)|关(?:着)?机"
                       r"|(?i:never (?:used|took it out|looked at it)|(?<!saying )(?<!says )(?<!said )(?<!claims )(?<!claimed )(?<!insists )(?<!insisted )\b(?:I|he|she|they) never touch(?:ed|es) it|did(?:n't| not) use|was not used|wasn't used|switched off|turned off)")
_USED = re.compile(r"还(?:用了|用它|拿出来|看了|查了|翻了|打开)|(?:拿|掏)出来(?:看|用|查|刷|翻|拍)|用(?:它|手机|手表|耳机)?(?:查|搜|看|拍|翻|对)(?:了)?|使用了|查(?:了)?答案|搜(?:了)?题|翻看|接(?:了)?电话|回(?:了)?消息|发(?:了)?(?:消息|微信)|拍(?:了)?(?:照|题|试卷)"
                   r"|(?i:\bused (?:it|the|his|her|a|an)\b|\busing (?:it|the|his|her|a|an)\b|looked (?:something |the answers? )?up|checked (?:it|the|his|her|answers?)|took (?:a )?photos?|answered (?:a|the) call|sent (?:a )?(?:message|text)|\btexted)")
# Staff or the rules allowed it ("监考同意他去厕所", "准考证上写明可以带计算器"): 6(1) is carrying what is
# 规定以外, 6(2) leaving 未经允许. "未经允许", "擅自" say the opposite and are read first.
_NOT_PERMITTED = re.compile(r"未经[^。，,；;]{0,8}?(?:允许|同意|批准)|没(?:有)?(?:经过?|得到|征得)?[^。，,；;]{0,6}?(?:允许|同意|批准)|不(?:允许|准许|让|同意)|擅自|(?:没|未|不)(?:有)?(?:(?:跟|向|和)[^。；;，,]{0,6}?)?(?:请假|打(?:个|声)?招呼|报告一声|说一声)"
                            r"|(?i:without (?:asking|permission|telling|leave|approval)|(?:not|n't) (?:allowed|permitted)|didn't ask|did not ask|didn't tell anyone)")
_PERMITTED = re.compile(r"(?:监考|工作人员|考务|老师|考官|考评员|巡考)[^。；;，,]{0,6}?(?:同意|允许|批准|准许)|经(?:过)?[^。，,；;]{0,6}?(?:同意|允许|批准)(?:后|了)"
                        r"|(?:写明|写了|写着|规定|注明|说明|通知|列明|列出|载明|标明)(?:了)?(?:可以|允许|能)(?:带|携带|使用|用)"
                        r"|(?:派人|派了?(?:个|一个)?(?:人|工作人员)|工作人员|监考|考务)(?:全程)?(?:陪|陪同|陪着|带着)(?:我|他|她)?(?:去|一起)"
                        # staff who leave their post with leave ("跟考场负责人报告后由备用考评员接替", "请了假")
                        r"|(?:跟|向|和)[^。；;，,]{0,10}?(?:报告|请示|打了?(?:个|声)?招呼|说了?一声|请了?假)(?:后|之后|以后|了|才|并)"
                        # sent by the person in charge ("现场负责人让他陪考生去医务室"): leave given, not 擅自
                        r"|(?:负责人|主考|组长|领导)[^。；;，,]{0,4}?(?:让|叫|安排|派|指派)(?:他|她|我)(?:去|陪|送|带)"
                        r"|(?:提前|事先|书面|已经|按规定)(?:向[^。；;，,]{0,8}?)?请(?:了)?(?:病)?假|请(?:了)?(?:病)?假(?:获准|获批|被批准|批了|并获)|由[^。；;，,]{0,8}?(?:接替|顶替|替换)"
                        r"|(?i:\b(?:walked|took|escorted|accompanied) (?:me|him|her) (?:to the (?:restroom|toilet|bathroom|washroom|loo)|there|over|out)"
                        r"|\b(?:invigilator|proctor|staff(?: member)?|examiner|teacher|supervisor)s?\b[^.;]{0,20}?\b(?:said|told (?:me|him|her)) (?:ok|okay|yes|fine|it was (?:ok|okay|fine)|(?:I|he|she) (?:could|may|can) go)\b"
                        r"|\basked (?:if|whether) (?:I|he|she) could\b[^.;]{0,40}?\b(?:said yes|agreed|said (?:it was )?(?:ok|okay|fine)|nodded))"
                        r"|(?i:\b(?:let|allowed|permitted)\s+(?:me|him|her|them)\s+(?:to\s+)?(?:go|leave|use|bring|take)\b"
                        r"|with (?:the )?(?:proctor's |invigilator's |staff's |examiner's )?permission|gave (?:me|him|her|them) permission"
                        r"|(?:is|are|was|were) (?:explicitly )?(?:allowed|permitted) (?:in|to bring|to use)"
                        r"|\b(?:listed|named|marked|included)\b[^.;?]{0,60}?\bas (?:allowed|permitted)\b"
                        r"|\b(?:after|with) (?:reporting to|the approval of|approval from|telling) (?:the |our |his |her )?(?:lead|head|coordinator|manager|site manager|chief|centre|center|person in charge)"
                        r"|\b(?:his|her|the) (?:leave|absence) (?:was|had been) (?:approved|granted)|\bgot (?:leave|approval)\b|\ba (?:standby|backup|reserve) (?:examiner|assessor|supervisor) (?:took over|replaced))")
# A legal term quoted where it is asked about ("这算不算'擅自离开考评岗位'？", "能按'1年内无正当理由未开展评价活动'
#警告吗？"): the words are the provision's, not the story's, and tell no fact.
_ASKED_QUOTE = re.compile(r"(?:算|算不算|属于|属不属于|是不是|是否|构成|按|按照|依据|根据|适用|套用|当成|当作|看作|视为|算作|认定为?|定性为)(?:了)?\s*[\"'“‘「『]([^\"'”’」』]{1,40})[\"'”’」』]")
_ASKED_WHETHER = re.compile(r"(?:算|算不算|属于|属不属于|是不是|是否|当成|当作|认定为?)$")
_CLAIMED = re.compile(r"(?:说|认为|指|举报|告)(?:我|他|她|是)?$|(?i:(?:claims?|says?|said|accused (?:me|him|her) of)\s+(?:that\s+)?(?:I|he|she)?\s*(?:was|had)?\s*$)")
_INTERNAL = re.compile(r"内部(质量)?督导|内督|(?i:internal (?:quality )?supervisor)")
_EXTERNAL = re.compile(r"外部(质量)?督导|外督|外派督导|委派的督导|(?i:external (?:quality )?supervisor)")
_SELF_REPORT = re.compile(r"自查|主动(上报|报告|向.{0,10}报告)|自行上报"
                          r"|(?i:self-?report|reported (?:it|this|the (?:error|mistake)) (?:ourselves|themselves|itself|voluntarily)|came forward)")

_PASS_TO_FAIL = r"(?:及格|合格|通过|过了)的?[^。；;，,]{0,4}?(?:变成|成了|改成|算成|判成)(?:了)?(?:不及格|不合格|没过|没通过)"
SEVERITY_WORDS = {
    # a fail turned into a pass (a certificate wrongly won) is grave on its face: it is what "影响评价活动
    #客观公正" means; a pass turned into a fail is grave for many, larger for a few (a re-mark puts it right)
    "grave": re.compile(r"重大错误|重大差错|严重错误|严重差错|严重失误|大面积|大批"
                        r"|(合格|及格)[^。；;]{0,10}(反了|颠倒)|没(考|通)过的(人|考生)?[^。；;]{0,10}(合格通知|发了证|拿到了?证)"
                        r"|(?:没过|没通过|不合格|不及格)的?[^。；;，,]{0,4}?(?:变成|成了|改成|算成)(?:了)?(?:过|通过|合格|及格)"
                        r"|因此(?:拿|领|获)(?:了|到|得)(?:了)?(?:证|证书)"
                        # a pass turned into a fail for many: a few is a larger error (below)
                        r"|(?:十几|十多|几十|二三十|二十多|一批|大批|整个考场|整场|全场|一个考场)[^。；;]{0,12}?" + _PASS_TO_FAIL
                        # certificates of the wrong level already issued
                        + r"|(?:等级|级别)[^。；;]{0,4}?(?:印|打|写|录)错[^。；;]{0,20}?(?:发出去|发下去|已发|领走|拿去)"
                        r"|印成了?[一二三四五12345]级[^。；;]{0,20}?(?:发出去|发下去|已发|领走|拿去)"
                        r"|(?i:\b(?:serious|major|grave|massive|huge)\s+(?:\w+\s+)?(?:error|mistake|blunder)s?\b"
                        r"|pass(?:/| or | and )fail[^.]{0,40}\b(?:reversed|flipped|swapped|the wrong way round)"
                        r"|\b(?:reversed|flipped|swapped)\b[^.]{0,30}pass(?:/| or | and )fail"
                        r")"),
    # told in everyday words: scores "偏得挺多", "差了十几分", an error "挺明显"
    "major": re.compile(r"较大错误|较大差错|较大偏差|偏差.{0,4}(较大|很大)|错误较大|较大|" + _PASS_TO_FAIL
                        + r"|(?i:\b(?:pass(?:es|ed)?|passing (?:candidates|scores))\b[^.]{0,20}?\b(?:became|turned into|recorded as|marked as|changed to)\s+(?:a\s+)?fail)"
                        r"|偏(?:得|差|离)(?:了)?(?:挺|很|比较|相当|蛮)(?:多|大)|差(?:了)?(?:十几|十多|二十几|二十多|好多|好几)分|(?:错误|错|偏差)(?:得)?(?:挺|很|比较|相当)明显"
                        r"|(?i:\b(?:way|well|far|quite a (?:lot|bit)) off\b|off by (?:a lot|quite a bit|\d{2,} points))"
                        r"|(?i:\b(?:significant|sizeable|considerable|larger)\s+(?:\w+\s+)?(?:error|mistake|discrepanc)\w*)"),
    "minor": re.compile(r"少量|轻微|个别|小错|一两处|一处|一两分|一两道|一两题|差了?[一1两2]分"
                        r"|(?i:\b(?:minor|small|slight|tiny)\s+(?:\w+\s+)?(?:error|mistake|slip|discrepanc)\w*"
                        r"|\b(?:a couple of|one or two|a single|one)\s+(?:small\s+|careless\s+)?(?:\w+\s+)?(?:error|mistake|slip)s?\b)"),
}
SERIOUS = re.compile(r"情节(特别|比较|较为|十分)?严重")


# "publicly criticised (通报批评) once": an English sentence glossing the regulation's term in
# Chinese; the gloss would split the words the English patterns read. A bracket that tells something
# in English around the term ("late in Feb (we did a 谈话提醒 then)") is not a gloss: it is kept.
_GLOSS = re.compile(r"\s*\([^()]*[\u4e00-\u9fff][^()]*\)")
_TELLS = re.compile(r"(?:\b[A-Za-z]+\b[^A-Za-z]*){3}")  # three English words or more


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    if detect_lang(text) == "en":
        text = _GLOSS.sub(lambda m: m.group(0) if _TELLS.search(m.group(0)) else "", text)
    return text


# "两个人之前都没被处理过", "no previous record": no earlier talk, criticism, interview or warning.
_NO_RECORD = re.compile(r"(?:之前|以前|此前|过去|从前|先前|原来)(?:都|也|从来|一直)?(?:没有?|未|从没|从未|不曾)(?:被|受过|受到过?)?(?:处理|处分|处罚|追究|违规|违纪|出过(?:问题|事|差错))"
                        r"|(?:初犯|第一次犯|头一回犯|头一次犯)"
                        r"|(?i:\bno (?:previous|prior|earlier) (?:record|history|problems?|issues?|offen[cs]es?|incidents?)\b"
                        r"|\b(?:never|not) (?:been )?(?:in trouble|disciplined|sanctioned|warned|reprimanded) before\b|\bfirst(?:-time)? offen[cs]e\b|\bclean record\b)")
_RECORDS = ("prior_talks_in_cycle", "prior_criticisms_in_cycle", "prior_interviews_in_cycle")


# A record of an earlier filing cycle ("上个备案周期被谈过两次", "in the previous filing cycle"): the
# escalation items count records "一个备案周期内", so it is none in this one.
_EARLIER_CYCLE = re.compile(r"(?:上个|上一个?|前一个?|之前的|以前的|往期)(?:备案)?周期"
                            r"|(?i:\b(?:previous|last|earlier|prior|former|old)\s+(?:(?:filing\s+)?cycle\b|(?:备案)?周期))")
_THIS_CYCLE = re.compile(r"(?:这|本|当前|今)(?:个)?(?:备案)?周期|新的?(?:备案)?周期(?:里|内|中)?(?:又|也|已|已经)?(?:被)?(?:谈|通报|批评|约谈)|(?i:\b(?:this|current|same)\s+(?:filing\s+)?cycle\b)")


_SENTENCE_ENDS = ("。", "；", ";", "!", "?", "！", "？", ". ")


def _in_earlier_cycle(t: str, m: re.Match) -> bool:
    """The record is told as of an earlier cycle: that cycle is named in its sentence, before or just
    after it, and this cycle is not named before it."""
    start = max(t.rfind(p, 0, m.start()) for p in _SENTENCE_ENDS) + 1
    # to the sentence's end: 30 characters of Chinese, ~90 of English (its words are longer:
    # "got two talk-reminders for lateness, but both were in the previous filing cycle")
    # (the words after it say which: "got a 通报批评 last year but that was in the previous 备案周期")
    reach = 30 if re.search(r"[\u4e00-\u9fff]{4}", t[m.end() : m.end() + 30]) else 90
    end = min([m.end() + reach] + [i for p in _SENTENCE_ENDS if (i := t.find(p, m.end())) >= 0])
    around = t[start:end]
    before = t[start : m.start()]
    return bool(_EARLIER_CYCLE.search(around)) and not _THIS_CYCLE.search(before)


# A measure told as the outcome of the act the story tells ("因为用了没备案的题被警告了，整改期间还能
# 开考吗", "督导员因为没戴证被通报批评了", "the centre was warned for using unregistered items"): the
# act's own measure, not an earlier record the act repeats. The escalation items need the record and
# then the act again (第二十三条第（一）项: a refusal to rectify or a recurrence); without a time
# before it or a recurrence after it, no earlier record is told. Counted records ("谈话提醒过两次")
# are never one act's outcome.
_CAUSE_BEFORE = re.compile(r"(?:因为|因|由于)[^。；;!?！？]{1,40}$"
                           r"|(?i:\b(?:warned|critici[sz]ed|interviewed|summoned|called in|reminded|talked to)\s+(?:for|over|because)\b)")
# A month or season told before the measure ("In April she was publicly criticised for…", as
# _EARLIER_AFTER for one told after it): the record is of that time, earlier than the act asked about.
_EARLIER_BEFORE = re.compile(r"已经?|曾|之前|此前|以前|上次|上回|去年|前年|上个月|上半年|(?i:\balready\b|\bbefore\b|\bpreviously\b|\blast\b|\bearlier\b"
                             r"|\b(?:in|on|back in)\s+(?:january|february|march|april|may|june|july|august|september|october|november"
                             r"|december|spring|summer|autumn|winter)\b)")
_AGAIN = re.compile(r"又|再次|再犯|仍|依然|依旧|照样|照常|照旧|继续|还是|还在|还没|拒不|不整改|没整改|没有整改|未整改|没改|不改|不听|同一(?:个)?(?:备案)?周期"
                    # the rectification the warning ordered, not done ("期限过了，整改方案也没交")
                    r"|(?:整改方案|整改报告|整改计划)(?:也|都|一直|还|至今|始终)?(?:没|未|不)(?:有)?(?:交|提交|报|上交|上报)"
                    r"|(?i:\bagain\b|\bstill\b|refus|\bkept\b|continued|\bnot\s+(?:fix|rectif)|n't\s+(?:fix|rectif)|\bsince\b|\banother\b"
                    r"|\bonce more\b|\bsame (?:filing )?cycle\b)")


def _own_outcome(t: str, m: re.Match) -> bool:
    """The measure matched by `m` is told as the outcome of the story's act (see above): a cause told
    before it, no earlier time (已经, 之前, 被约谈过, in March...), no recurrence told anywhere."""
    start = max(t.rfind(p, 0, m.start()) for p in "。；;!?！？") + 1
    before = t[start : m.start()]
    english = _CAUSE_BEFORE.search(m.group(0) + t[m.end() : m.end() + 12])
    if not (_CAUSE_BEFORE.search(before) or english) or _EARLIER_BEFORE.search(before + m.group(0)):
        return False
    if m.group(0).endswith("过") or t[m.end() : m.end() + 1] == "过" or _EARLIER_AFTER.match(t[m.end() :]):
        return False
    return not _again_told(f"{t[: m.start()]}，{t[m.end() :]}")


# A time told right after the measure ("was criticised for this in March", "…被约谈，那是三月份的事"):
# the record is of that time, earlier than the act asked about.
_EARLIER_AFTER = re.compile(r"(?i:[^.;?]{0,40}?\b(?:in|on|last|earlier)\s+(?:january|february|march|april|may|june|july|august|september"
                            r"|october|november|december|spring|summer|autumn|fall|winter|the spring|\d{4}|month|year|week)\b)")


# A measure the asker anticipates and asks about ("这回会怎么处理？要是被警告了，我们得在多长时间内交什么？"):
# put with 要是/如果 and followed by no recurrence, it is the outcome asked about, not an earlier record.
# A hypothetical that goes on to a recurrence ("如果机构被警告后拒不整改…", "假如被警告了，又超范围开考")
# is the case put to the rules, as told.
_IF_BEFORE = re.compile(r"(?:要是|如果|假如|假设|万一|若是?|倘若|一旦)[^。；;!?！？，,]{0,12}$|(?i:\bif\b[^.;?!,]{0,30}$)")


def _anticipated(t: str, m: re.Match) -> bool:
    start = max(t.rfind(p, 0, m.start()) for p in "。；;!?！？，,") + 1
    end = min((i for i in (t.find(p, m.end()) for p in "。；;!?！？") if i >= 0), default=len(t))
    return bool(_IF_BEFORE.search(t[start : m.start()])) and not _AGAIN.search(t[m.end() : end])


# A clause that asks ("整改期间还能继续开考吗？"): what it asks about is not what happened.
_ASKS = re.compile(r"[吗么呢？?]$|能不能|可不可以|是否|会不会|要不要|(?i:^\s*(?:can|could|will|would|may|should|is|are|do|does)\b)")


# An earlier record told without its kind, count or cycle ("之前被处理过好几次，是谈话还是通报记不清",
# "he was talked to before, not sure how many times"): whether the act escalates stays open.
_UNSURE = r"(?:记不清|不清楚|不知道|不确定|说不准|不记得|搞不清|说不清|不太清楚|没细问)"
_RECORD_UNCLEAR = re.compile(
    r"(?:之前|以前|此前|过去|上次|早先|之前也|以前也)[^。？?]{0,12}?(?:被)?(?:处理|处分|谈话|谈过|谈了|通报|批评|约谈|警告)(?:过|了)?[^。？?]{0,30}?" + _UNSURE
    + r"|(?:被)?(?:处理|处分)(?:过|了)(?:好几|几|多)(?:次|回)"
    + r"|(?:几次|多少次|哪一种|哪种|是不是(?:这个|本)?(?:备案)?周期)[^。？?]{0,10}?" + _UNSURE
    + r"|(?i:\b(?:disciplined|dealt with|sanctioned|talked to|warned|reprimanded|critici[sz]ed|in trouble)\b[^.?]{0,15}?\b(?:before|previously|earlier)\b[^.?]{0,60}?"
    r"(?:not sure|don't know|do not know|unclear|can't remember|cannot remember|no idea)"
    r"|(?:not sure|don't know|do not know|unclear|can't remember|no idea)\b[^.?]{0,20}?\b(?:how many times|which (?:kind|one|sanction)|whether it was (?:a talk|a criticism|this cycle)|if it was (?:in )?this cycle))")


# Records told one by one ("被谈过一次话，后来…又被谈了一次", "then got another talk twice"): a later
# count told as another record adds to the first.
_AGAIN_BEFORE = re.compile(r"(?:又|再|另|还|后来)[^。；;]{0,8}$|(?i:\b(?:again|another|then|later)\b[^.;]{0,20}$)")


# A later record told as "another" ("5 June another reminder talk"): one more.
_ANOTHER = re.compile(r"(?i)\banother\s+(?:formal\s+)?['‘\"]?(?:talk-?reminder|reminder[- ]talk|verbal reminder)\b"
                      # the noun left out right after a talk was told: "talk-reminder in January, another in April"
                      r"|(?i:\banother(?:\s+one)?\s+(?:in|on)\s+(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\d))")
# A later reminder told after a counted talk with its own count and "again" ("被谈话提醒过一次，
# 又因为没来参加培训被提醒过一次"): the reason may stand between 又 and the reminder, and 提醒 alone is the
# same measure.
_REMINDED_AGAIN = re.compile(rf"(?:又|再|另外|后来)[^。；;]{{0,18}}?被[^。，,；;？?]{{0,6}}?(?<!约)(?:谈话)?提醒(?:过|了)?{_N}(?:次|回)")
# A talk told without a number but with its date ("Our coordinator: talk-reminder in January (…)"):
# one record, to which "another in April" adds, when a later clause tells the act again.
_DATED_TALK = re.compile(r"(?i)\b(?:talk-?reminder|reminder[- ]talk|verbal reminder)\s+(?:in|on|back in)\s+"
                         r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\d)")
# One talk told by the Chinese term inside English ("late in Feb (we did a 谈话提醒 then), and late
# again last Sat"): one record when a later clause tells the act again, else it may be the act's own
# outcome ("I got a 谈话提醒 for handing out the papers late").
_TERM_TALK = re.compile(r"(?i)\b(?:got|had|received|was given|been given|gave (?:me|him|her|them)|did|issued|gave)\s+"
                        r"(?:a|one)\s+(?:formal\s+)?['‘\"]?谈话提醒")
# The n-th record told by its ordinal ("in May he skipped training, second talk-reminder"): at least n
# records, when a later clause tells the act again (else it may be the act's own outcome: "he got a
# second talk-reminder for it").
_ORDINAL = {"second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_ORDINAL_RECORD = {
    "prior_talks_in_cycle": re.compile(r"(?i)\b(second|2nd|third|3rd|fourth|4th)\s+(?:formal\s+)?['‘\"]?(?:talk-?reminder|reminder[- ]talk|verbal reminder|talk)s?\b"),
    "prior_criticisms_in_cycle": re.compile(r"(?i)\b(second|2nd|third|3rd)\s+(?:public\s+)?criticism\b"),
    "prior_interviews_in_cycle": re.compile(r"(?i)\b(second|2nd|third|3rd)\s+(?:regulatory\s+)?interview\b"),
}
# "both times he got a talk-reminder": one record told for each of several acts, how many untold
_EACH_TIME_BEFORE = re.compile(r"(?i)\b(?:both|each|every)\s+times?\b[^.;?]{0,25}$")


def _told_again(t: str, after: int, patterns: list[str]) -> int:
    spans: dict[int, int] = {}
    for pat in patterns:
        for m in re.finditer(pat, t[after:]):
            start = after + m.start()
            if (n := _int(m.group(1))) is not None and _AGAIN_BEFORE.search(t[max(after, start - 10) : start]):
                spans.setdefault(start, n)
    if patterns is _COUNTED["prior_talks_in_cycle"]:
        for m in _ANOTHER.finditer(t[after:]):
            spans.setdefault(after + m.start(), 1)
        for m in _REMINDED_AGAIN.finditer(t[after:]):
            if not any(after + m.start() <= s < after + m.end() for s in spans):
                spans[after + m.start()] = _int(m.group(1)) or 0
    return sum(spans.values())


def _recurs_after(t: str, m: re.Match) -> bool:
    """A measure told without 过/了 ("因为……被通报批评，……又迟到") is an earlier record only when a later
    clause that tells (not one that asks) has the act again, and it is not put with 如果."""
    start = max(t.rfind(p, 0, m.start()) for p in "。；;!?！？，,") + 1
    if _IF_BEFORE.search(t[start : m.start()]):
        return False
    return _again_told(t[m.end() :])


def _again_told(text: str) -> bool:
    """A clause of `text` that tells (not one that asks) has the act again."""
    parts = re.split(r"([，,。；;！!？?]|\.(?=\s|$))", text)
    clauses = ["".join(parts[i : i + 2]) for i in range(0, len(parts), 2)]
    return any(_AGAIN.search(c) for c in clauses if not _ASKS.search(c.strip()))


def infer_facts(text: str | None) -> dict[str, tuple[object, str]]:
    """{fact: (value, the words it was read from)} for facts the text states explicitly."""
    if not text:
        return {}
    return dict(_infer(text))


# One answer puts the same story to the engine once per likely item (a dozen times): reading it
# once saves ~8 ms of ~90 on a long story (cProfile over the 60 longest fresh questions, 2026-12-05).
@functools.lru_cache(maxsize=512)
def _infer(text: str) -> tuple[tuple[str, tuple[object, str]], ...]:
    t = _clean(text)
    found: dict[str, tuple[object, str]] = {}
    for fact, patterns in _COUNTED.items():
        for pat in patterns:
            m = re.search(pat, t)
            if m and fact.startswith("prior_") and _EACH_TIME_BEFORE.search(t[max(0, m.start() - 30) : m.start()]):
                continue
            if m and (n := _int(m.group(1))) is not None:
                if fact.startswith("prior_"):
                    n = 0 if _in_earlier_cycle(t, m) else n * _each_of(t, m.start()) + _told_again(t, m.end(), patterns)
                found[fact] = (n, m.group(0))
                break
    for told in (_DATED_TALK, _TERM_TALK):
        if ("prior_talks_in_cycle" not in found and (m := told.search(t)) and not _in_earlier_cycle(t, m)
                and _again_told(t[m.end():])):  # as for the ordinal: else the talk may be the act's own outcome
            found["prior_talks_in_cycle"] = (1 + _told_again(t, m.end(), _COUNTED["prior_talks_in_cycle"]), m.group(0))
    for fact, pat in _EACH_ONCE.items():
        if fact not in found and (m := pat.search(t)) and not _in_earlier_cycle(t, m) and not _QUESTION_AFTER.match(t[m.end():]):
            found[fact] = (2, m.group(0))
    for fact, pat in _ORDINAL_RECORD.items():
        for m in pat.finditer(t):
            n = _ORDINAL[m.group(1).lower()]
            if n > found.get(fact, (0, ""))[0] and not _in_earlier_cycle(t, m) and not _anticipated(t, m) and _again_told(t[m.end():]):
                found[fact] = (n, m.group(0))
    if "score_errors_in_year" not in found and (m := _NO_ERRORS.search(t)):
        found["score_errors_in_year"] = (0, m.group(0))
    if "score_corrections_in_year" not in found and (m := _NO_CORRECTIONS.search(t)):
        found["score_corrections_in_year"] = (0, m.group(0))
    for fact, pat in _ONCE.items():
        if fact in found:
            continue
        for m in re.finditer(pat, t):
            before, after = t[max(0, m.start() - 6) : m.start()], t[m.end() :]
            if _QUESTION_AFTER.match(after) or _MODAL_BEFORE.search(before):
                continue
            if m.groupdict().get("bare") and not _recurs_after(t, m):
                continue  # "…被通报批评，处理决定会发到单位吗" is the act's own outcome
            none = _NEGATED.search(before) or _in_earlier_cycle(t, m) or _own_outcome(t, m)
            found[fact] = (0 if none else 1, m.group(0))
            break
    if (m := _WARNED.search(t)) and not _QUESTION_AFTER.match(t[m.end() :]) and not _anticipated(t, m):
        # a hypothetical ("如果机构被警告后拒不整改…") is a fact the asker puts to the rules, as told
        # the denial may stand inside the phrase too ("之前没被警告过": 之前 opens the match)
        denied = _NEGATED.search(t[max(0, m.start() - 4) : m.start()]) or _DENIED_INSIDE.search(m.group(0))
        warned = not denied and not _own_outcome(t, m)
        found["warned_under_art22"] = (warned, m.group(0))
    if m := _RECORD_UNCLEAR.search(t):
        found["prior_record_unclear"] = (True, m.group(0))
    if (m := _NO_RECORD.search(t)) and not _QUESTION_AFTER.match(t[m.end() :]):
        for fact in _RECORDS:
            found.setdefault(fact, (0, m.group(0)))
        found.setdefault("warned_under_art22", (False, m.group(0)))
    if m := _REFUSED.search(t):
        found["reminded_and_refused"] = (True, m.group(0))
    elif (m := _COMPLIED.search(t)) and (again := _RESUMED.search(re.split(r"[。；;!！?？]|\.\s", t[m.end() : m.end() + 60])[0])):
        # obeyed, then did it again ("让他马上掐掉，他嘴上说好好好，转过身又点了一根"): the reminder was not heeded
        found["reminded_and_refused"] = (True, again.group(0))
    elif m or (m := _NOT_REMINDED.search(t)):
        found["reminded_and_refused"] = (False, m.group(0))
    # "有人说我擅自离开座位" is an accusation reported, not a fact told
    # "这个算擅自离岗吗？" asks whether it was allowed; it tells nothing
    told = _ASKED_QUOTE.sub("", t)
    denied = next((m for m in _NOT_PERMITTED.finditer(told) if not _CLAIMED.search(told[max(0, m.start() - 8) : m.start()])
                   and not _ASKED_WHETHER.search(told[max(0, m.start() - 4) : m.start()])
                   and not _QUESTION_AFTER.match(told[m.end() : m.end() + 6])), None)
    if denied:
        found["permitted"] = (False, denied.group(0))
    elif m := _PERMITTED.search(told):
        found["permitted"] = (True, m.group(0))
    if idle := _idle_months(told):
        found["idle_a_year"] = (idle[0] >= 12, idle[1])
    if m := _SELF_REPORT.search(t):
        found["self_reported"] = (True, m.group(0))
    if m := _HANDLED.search(t):
        found["handled"] = (not _HANDLED_DENIED.search(t[max(0, m.start() - 12) : m.start()]), m.group(0))
    if m := _NOT_USED.search(t):
        found["device_used"] = (False, m.group(0))
    elif (m := _USED.search(t)) and not _USE_UNKNOWN.search(t[max(0, m.start() - 8) : m.start()]) and _DEVICE.search(t):
        found["device_used"] = (True, m.group(0))
    if m := _DECLINED_FOR_RELATION.search(t):
        found["declined_for_relation"] = (True, m.group(0))
    for fact, first, value, second, other in _EITHER:  # a term quoted where it is asked tells nothing
        if m := first.search(told):
            found[fact] = (value, m.group(0))
        elif m := second.search(told):
            found[fact] = (other, m.group(0))
    return tuple(found.items())


# Facts told one way or the other: (fact, the words of one reading, its value, the words of the other, its
# value). The first words are read first: a denial often contains the other's words ("不是故意" holds "故意",
# "整改后仍不达标" holds "达标").
_EITHER = (
    ("adverse_impact", _ADVERSE_NO, False, _ADVERSE_YES, True),
    ("recused", _NOT_RECUSED, False, _RECUSED, True),
    ("rectified", _STILL_FAILING, False, _RECTIFIED, True),
    ("supervisor_kind", _INTERNAL, "internal", _EXTERNAL, "external"),
    ("deliberate", _ACCIDENT, False, _DELIBERATE, True),
    ("false_info", _TRUE_ACCOUNT, False, _FALSE_ACCOUNT, True),
    ("spread", _KEPT, False, _SPREAD, True),
    ("verified", _UNFOUNDED, False, _UPHELD, True),
    ("excused", _NO_EXCUSE, False, _EXCUSED, True),
)


def infer_severity(text: str | None) -> tuple[str, str] | None:
    """('minor'|'major'|'grave', words) when the text grades a grading error, else None."""
    if not text:
        return None
    t = _clean(text)
    for level in ("grave", "major", "minor"):
        if m := SEVERITY_WORDS[level].search(t):
            return level, m.group(0)
    return None


def says_serious(text: str | None, words: list[str]) -> str | None:
    if not text:
        return None
    t = _clean(text)
    for w in words:
        if w == "情节严重":
            if m := SERIOUS.search(t):
                return m.group(0)
        elif w in t:
            return w
    return None
