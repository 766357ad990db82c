"""Facts read from the words of a case, in Chinese and in English; a fact not stated stays unknown."""

import re

import pytest

from rules.facts import infer_facts

TABLE = [
    ("考评员这个备案周期已经被谈话提醒2次，今天又迟到了", "prior_talks_in_cycle", 2),
    ("An examiner was late again after two talks this cycle", "prior_talks_in_cycle", 2),
    ("He was talked to twice this filing cycle", "prior_talks_in_cycle", 2),
    ("督导员被通报批评过，又没戴证", "prior_criticisms_in_cycle", 1),
    ("The assessor was criticised once already and skipped training again", "prior_criticisms_in_cycle", 1),
    ("机构今年成绩录错了4次", "score_errors_in_year", 4),
    ("Our centre had 4 score errors this year", "score_errors_in_year", 4),
    ("今年累计申请成绩更正60人次", "score_corrections_in_year", 60),
    ("We filed 62 corrections this year", "score_corrections_in_year", 62),
    ("考生带了资料，提醒后拒不收起来", "reminded_and_refused", True),
    ("让他把小抄交上来，他死活不给", "reminded_and_refused", True),
    ("我们机构今年录入出错已经累计5次了", "score_errors_in_year", 5),
    ("机构去年因为没报备被警告、限期整改，今年又犯了", "warned_under_art22", True),
    ("Our clerk already got a formal criticism notice this cycle", "prior_criticisms_in_cycle", 1),
    ("考生带了资料，提醒之后马上放好了", "reminded_and_refused", False),
    ("The candidate refused to put the notes away", "reminded_and_refused", True),
    ("机构已经被警告过，还没整改", "warned_under_art22", True),
    ("The institution was already warned and did not fix it", "warned_under_art22", True),
    ("外部督导员把结果发到朋友圈", "supervisor_kind", "external"),
    ("an internal quality supervisor slept through the exam", "supervisor_kind", "internal"),
    ("内督全程在看手机", "supervisor_kind", "internal"),
    ("机构自查发现后主动上报", "self_reported", True),
    ("we self-reported the mistake", "self_reported", True),
    ("Our clerk was publicly criticised (通报批评) once this cycle and erred again", "prior_criticisms_in_cycle", 1),
    ("The invigilator was publicly criticised in May and mishandled the papers again in June", "prior_criticisms_in_cycle", 1),
    ("Our centre has already been interviewed by the bureau this cycle", "prior_interviews_in_cycle", 1),
    ("The district conducted two formal interviews with the centre's director this cycle", "prior_interviews_in_cycle", 2),
    ("Back in the previous cycle we held one regulatory interview with that school", "prior_interviews_in_cycle", 0),
    ("he was given a verbal reminder twice before", "prior_talks_in_cycle", 2),
    ("The centre made 4 score entry errors this year", "score_errors_in_year", 4),
    # talks told as "谈过…回话", criticisms as 点名批评 or 挨通报, counts in 回, refusals as 没理
    ("考评员今年已经被领导找去谈过两回话，这次又迟到", "prior_talks_in_cycle", 2),
    ("这位监考之前被叫去谈了两次话", "prior_talks_in_cycle", 2),
    ("该督导员本周期被点名批评过一次", "prior_criticisms_in_cycle", 1),
    ("上回他就挨了通报，这回又犯", "prior_criticisms_in_cycle", 1),
    ("我们登分出了5回错", "score_errors_in_year", 5),
    ("The centre logged three score-entry mistakes so far", "score_errors_in_year", 3),
    ("监考让他把手机交上来，他压根没理", "reminded_and_refused", True),
    ("工作人员提醒了两回，她当没听见", "reminded_and_refused", True),
    # not handing it over, the commonest way a refusal is told of a phone ("提醒后不交")
    ("考生带手机进考场，监考提醒了两次他都不交", "reminded_and_refused", True),
    ("监考让我把手机交上去，我没交，我说又不会用", "reminded_and_refused", True),
    ("提醒后也没交出来，一直放在口袋里", "reminded_and_refused", True),
    ("考生带手机进考场被提醒后不交", "reminded_and_refused", True),
    ("The examiner got a talking-to (谈话提醒) once this filing cycle for being late", "prior_talks_in_cycle", 1),
    ("The proctor asked him twice to go back to his seat and he just ignored her", "reminded_and_refused", True),
    ("机构负责人本周期被约谈过两次", "prior_interviews_in_cycle", 2),
    ("今年登分汇总错了刚好4次", "score_errors_in_year", 4),
    ("机构3月被市职鉴中心约谈负责人，9月又没报备", "prior_interviews_in_cycle", 1),
    ("Our examiner already got a 通报批评 in March and was absent again", "prior_criticisms_in_cycle", 1),
    # elements: a true account; misconduct stopped and reported at once
    ("我发的都是真事，没有造谣", "false_info", False),
    ("他编造了考点包过的谣言", "false_info", True),
    ("监考当场制止了他，收了手机并报告了负责人", "handled", True),
    ("老师说手机要放到讲台上，她马上就拿过去了", "reminded_and_refused", False),
    ("工作人员喊他回自己考位，他立刻回去了", "reminded_and_refused", False),
    ("The invigilator told her to put the notes away and she immediately put them in her bag", "reminded_and_refused", False),
    # the elements an item may require: a deliberate act (故意), spreading (传播)
    ("我手一滑把零件摔了，不是故意的", "deliberate", False),
    ("he accidentally knocked the camera off the wall", "deliberate", False),
    ("考生故意把别人的考件弄坏了", "deliberate", True),
    ("提前拿到了答案，但只是自己看了，没有发给任何人", "spread", False),
    ("考前弄到了题目，转发到了学员群里", "spread", True),
    # a device carried in: used, or never taken out
    ("考生带智能手表进考场，答题时还用它看了笔记", "device_used", True),
    ("手机在包里一直关着机，没拿出来过", "device_used", False),
    ("He had his phone in his pocket and used it to look up an answer", "device_used", True),
    # English tells compliance and refusal after the reminder, and counts after their noun
    ("The proctor asked her to take off the smartwatch and she did so right away", "reminded_and_refused", False),
    ("Staff told the man to sit back down, then he went back to his seat", "reminded_and_refused", False),
    ("He was told to stop humming and he didn't stop", "reminded_and_refused", True),
    ("Staff told him to go back and he did not go back", "reminded_and_refused", True),
    ("Our centre had score-entry mistakes exactly 4 times in the last twelve months", "score_errors_in_year", 4),
    ("We had 35 score-correction requests this year", "score_corrections_in_year", 35),
    ("今年成绩更正了正好20次", "score_corrections_in_year", 20),
    # who gave the warning or criticism may stand between 被 and the verb
    ("机构去年被市中心警告过，让限期整改，一直没改", "warned_under_art22", True),
    ("该考务本周期被机构通报批评过一次", "prior_criticisms_in_cycle", 1),
    ("The bureau gave the centre a formal warning in May and nothing was fixed", "warned_under_art22", True),
    ("机构本周期没有被警告过", "warned_under_art22", False),
    ("监考一看到就提醒伊，伊马上掏出来交掉了", "reminded_and_refused", False),
    ("我们今年成绩录入错误就出过2次", "score_errors_in_year", 2),
    # leave given, or the rules allow it: 6(1) 规定以外 and 6(2) 未经允许 are not met
    ("考到一半他举手说要去厕所，监考同意了，派人陪着去的", "permitted", True),
    ("准考证上写明可以带普通计算器", "permitted", True),
    ("The invigilator let her go to the toilet with a staff member", "permitted", True),
    ("考生未经允许擅自离开考位", "permitted", False),
    ("监考同意他去厕所后，他在走廊里擅自跑去了别的考场", "permitted", False),
    ("考务派了个人陪他去厕所，十分钟后回来的", "permitted", True),
    ("a staff member walked me to the restroom and back", "permitted", True),
    ("通知上写了可以带直尺和铅笔", "permitted", True),
    # a request not acted on; nobody reminded them at all
    ("监考让把包放到前面，说了两遍，他就是没动", "reminded_and_refused", True),
    ("Staff asked me to stop, I said I'd finish first and kept going", "reminded_and_refused", True),
    ("休息时在门口吸烟点抽了根烟，也没人提醒过我", "reminded_and_refused", False),
    ("机构一年录分出错4次", "score_errors_in_year", 4),
    ("We messed up typing in candidates' scores five times this year", "score_errors_in_year", 5),
    ("成绩录入一直出错，核下来至少5次了", "score_errors_in_year", 5),
    ("今年更正申请了18人次，别的录入错误没有", "score_errors_in_year", 0),
    ("We had 25 correction requests and no entry errors", "score_errors_in_year", 0),
    ("考场里有人嘟囔，监考提醒了一次他就不吭声了", "reminded_and_refused", False),
    ("I asked if I could go to the toilet, she said yes and walked me there", "permitted", True),
    ("The external supervisor already got a circulated criticism in spring", "prior_criticisms_in_cycle", 1),
    ("培训中心快十个月没办过一场鉴定了", "idle_a_year", False),
    ("这家机构停考已经一年多了", "idle_a_year", True),
    ("We haven't held a single exam for nine months", "idle_a_year", False),
    ("two years without any evaluations at that site", "idle_a_year", True),
    ("督导员考前就向区里说明了和考生是师徒关系，被改派到别的考场", "recused", True),
    ("监考是考生的表姐，她没主动回避", "recused", False),
    ("The proctor disclosed the relationship and was reassigned to a different room", "recused", True),
    ("外甥报了松江那个点，我在嘉定的考点做监考，跟他那场完全不沾边", "recused", True),
    ("My niece sat the exam at our centre but I was not in the same session as her", "recused", True),
    ("区里复查，整改后监控已经合格了", "rectified", True),
    ("监控系统整改后还是不达标", "rectified", False),
    # an absence with a good reason given in time, or without one (13(2), 17(1) 拒不)
    ("审题会那天他因为阑尾炎住院，前一天就跟牵头人打了招呼", "excused", True),
    ("考评员收到排班后提前一周书面请假，说要陪产", "excused", True),
    ("She was in hospital that week and sent a doctor's note", "excused", True),
    ("接了任务当天人没来，也没请假，电话也不接", "excused", False),
    ("He just didn't turn up, a no-show with no reason given", "excused", False),
    # a complaint checked: found untrue (22(10) 经核实 fails) or true; said of the complaint, not of another check
    ("学员向区里反映考点乱收费，区里查了，反映的情况都不属实", "verified", False),
    ("有人举报机构盖假章，人社局去了两次，说举报不成立", "verified", False),
    ("The allegation that the centre sold answers was investigated and proved groundless.", "verified", False),
    ("有人投诉考点不开空调，区里核查后确有其事", "verified", True),
    ("The hotline complaint about extra fees was substantiated by the district.", "verified", True),
    ("Our invigilator already got 通报批评 in spring", "prior_criticisms_in_cycle", 1),
    ("I was at the wrong bench, the proctor told me and I moved right away", "reminded_and_refused", False),
    ("考官叫我回来，我立马回座位了", "reminded_and_refused", False),
    ("This spring the bureau had already summoned (约谈) the centre's director over its site", "prior_interviews_in_cycle", 1),
    # records told one by one add up; a record told as none; a warning with an order to rectify
    ("监考老刘三月份漏发答题卡被科长谈过一次话，五月又因为迟到被谈了一次，这周又早退", "prior_talks_in_cycle", 2),
    ("The grader had one talk-reminder in April and then one more talk-reminder in June", "prior_talks_in_cycle", 2),
    ("这位考评员以前从没被处理过，今天第一次迟到", "prior_talks_in_cycle", 0),
    ("Both of them have a clean record; they were late today", "prior_criticisms_in_cycle", 0),
    ("培训学校去年被区里警告限期整改，到现在也没改", "warned_under_art22", True),
    ("摄像头坏了两个，换了新的以后复查正常了", "rectified", True),
    ("We made 2 score entry/compilation errors this year", "score_errors_in_year", 2),
    ("今年录入错了两次，没有申请过成绩更正", "score_corrections_in_year", 0),
    ("no correction requests were filed this year", "score_corrections_in_year", 0),
    ("老婆在那个考点考茶艺师，我就跟中心说这次考评我不去了", "declined_for_relation", True),
    # staff who leave with leave, or without it; "算擅自离岗吗" asks and tells nothing
    ("督导员孩子发高烧，跟考点主任请示后由另一位督导接替，先走了。这算擅自离岗吗？", "permitted", True),
    ("The grader felt dizzy, left after telling the person in charge, and a standby examiner replaced her", "permitted", True),
    ("考官中途没跟任何人说一声就走了，一个多小时才回来", "permitted", False),
    ("I put my hand up, the proctor said okay and walked me out to the washroom", "permitted", True),
    # an earlier record told without its kind, count or cycle
    ("这个考务以前也被处理过，是谈话还是通报我不清楚，这次又发错了卷子", "prior_record_unclear", True),
    ("The marker was warned before but I don't know how many times; he was late again", "prior_record_unclear", True),
    # a record of an earlier filing cycle is none in this one
    ("这个监考上一个备案周期被谈话提醒过两次，换了新周期后今天第一次迟到", "prior_talks_in_cycle", 0),
    ("Our clerk got two talk-reminders in the previous filing cycle and was late again this week", "prior_talks_in_cycle", 0),
    ("上个周期没事，本周期已经被谈话提醒两次了，今天又早退", "prior_talks_in_cycle", 2),
]


# A warning told as the outcome of the act the story tells is not an earlier warning that act repeats
# (第二十三条第（一）项 needs a refusal to rectify or a recurrence after it); with a time before it or a
# recurrence after it, it is.
@pytest.mark.parametrize("text,warned", [
    ("我们机构因为用了没备案的题被警告了，整改期间还能继续开考吗？", False),
    ("机构因为没报备被警告了，是不是还会被终止备案？", False),
    ("The centre was warned for using unregistered items. Can it keep running exams during rectification?", False),
    ("机构因为没报备被警告了，整改完又擅自换了考点", True),
    ("机构之前因为没报备被警告过，这次考点擅自变更", True),
    ("评价机构因为包过宣传被警告过，整改后又在网上打出了保过广告", True),
    ("Our centre was warned for an unregistered site and then did it again", True),
    ("The centre was warned for an unregistered site and still has not rectified", True),
])
def test_a_warning_told_as_the_acts_own_outcome_is_no_earlier_warning(text, warned):
    assert infer_facts(text)["warned_under_art22"][0] is warned


@pytest.mark.parametrize("text,fact,value", [
    ("督导员因为没戴证被通报批评了，还能继续做督导吗？", "prior_criticisms_in_cycle", 0),
    ("机构因为报名审核不严被约谈了，会影响备案吗？", "prior_interviews_in_cycle", 0),
    ("The supervisor was publicly criticised for not wearing his card. Can he still supervise?", "prior_criticisms_in_cycle", 0),
    ("督导员之前因为没戴证被通报批评过，这次没戴证", "prior_criticisms_in_cycle", 1),
    ("督导员因为没戴证被通报批评了，后来又没戴", "prior_criticisms_in_cycle", 1),
    ("The centre was called in for an interview in May because its plan was not filed. It happened again. What now?",
     "prior_interviews_in_cycle", 1),
    ("The examiner sat on the panel for his own trainees. He was publicly criticised for this in March. What now?",
     "prior_criticisms_in_cycle", 1),
    # the month told before the measure, as after it: a record of that time
    ("In May the clerk was publicly criticised for mixing up two answer sheets. In October she opens the paper bags late. "
     "What applies to her now?", "prior_criticisms_in_cycle", 1),
    ("它因为监控不达标被我们约谈过，现在复查监控也不行。", "prior_interviews_in_cycle", 1),
    ("我因为审错一个人被谈话提醒了。要是再错会怎么样？", "prior_talks_in_cycle", 0),
])
def test_a_record_told_as_the_acts_own_outcome_is_none(text, fact, value):
    assert infer_facts(text)[fact][0] == value


# A criticism told without 过/了 ("因为……被通报批评，……又迟到") is an earlier record when the story
# goes on to the act again; told alone it is the act's own outcome or the one feared.
@pytest.mark.parametrize("text,value", [
    ("考务小吴五月份因为发错试卷被机构通报批评，到了八月同一个周期又把准考证号录错了", 1),
    ("督导员老杨因为漏报问题被区里通报批评，这次督导又迟到了", 1),
    ("考评员打分出了大错被通报批评，处理决定会寄到我单位吗", None),
    ("我中途离岗被说要通报批评，能申辩吗", None),
    ("如果被通报批评，会影响我继续当考评员吗？", None),
])
def test_a_criticism_told_without_its_particle_counts_only_before_a_recurrence(text, value):
    assert infer_facts(text).get("prior_criticisms_in_cycle", (None,))[0] == value


# Earlier talks told one by one or together in everyday words, and an item taken with no resistance.
@pytest.mark.parametrize("text,fact,value", [
    ("督导员这个周期先因为没戴证卡被谈话提醒过一次，后来又因为缺席培训被机构提醒了一次，这次又迟到", "prior_talks_in_cycle", 2),
    ("考务员三月漏登一次、五月错登一次，两次都被主任叫去谈话提醒了，现在又错了", "prior_talks_in_cycle", 2),
    ("The clerk had one talking-to this cycle for a typo and then mixed up two score sheets", "prior_talks_in_cycle", 1),
    ("监考把他桌上的资料收走了，他也没争辩", "reminded_and_refused", False),
    # two occasions, one record each
    ("督导员小沈被机构谈话提醒过，四月和七月各一次，这回又没戴证卡", "prior_talks_in_cycle", 2),
    ("考务老金挨过通报批评，去年底和今年初各一次，这次又漏收了试卷", "prior_criticisms_in_cycle", 2),
    # a count after 各, once per reason or occasion listed before it; not per person
    ("督导员本周期内先后因漏签到、未佩戴证卡各被谈话提醒1次，今天又提前离场了", "prior_talks_in_cycle", 2),
    ("考务员四月、六月和九月各挨了通报批评一次，这回又把准考证发错了", "prior_criticisms_in_cycle", 3),
    ("考评员老周和小吴各被谈话提醒过一次，这次老周又迟到了", "prior_talks_in_cycle", 1),
    # "spoken to" with its count is a talk-reminder in everyday English
    ("The invigilator was spoken to twice this filing cycle for arriving late, and today she left early",
     "prior_talks_in_cycle", 2),
    # a word between the article and the measure
    ("The assessor already received a written 通报批评 in May and now skipped the calibration meeting",
     "prior_criticisms_in_cycle", 1),
    # the total told after the record
    ("质量督导员本周期因为迟到，机构对她谈话提醒，一共2次，这个月又迟到了", "prior_talks_in_cycle", 2),
    ("考务员这个周期被通报批评，共两次，这回又把试卷发错了", "prior_criticisms_in_cycle", 2),
    # the Chinese term inside English, with its count, or one told in a bracket before the act again
    ("The supervisor got a 谈话提醒 twice this filing cycle and yesterday she skipped the briefing", "prior_talks_in_cycle", 2),
    ("Our assessor skipped the March training (we issued a 谈话提醒 for it), then came late again today",
     "prior_talks_in_cycle", 1),
    # a gloss in brackets is still dropped
    ("He was publicly criticised (通报批评) once this cycle and was late again", "prior_criticisms_in_cycle", 1),
])
def test_earlier_talks_and_a_quiet_hand_over_in_everyday_words(text, fact, value):
    assert infer_facts(text)[fact][0] == value


def test_a_talk_that_is_the_acts_own_outcome_is_no_earlier_record():
    assert "prior_talks_in_cycle" not in infer_facts("I got a 谈话提醒 for handing out the answer sheets late. Is it on my file?")


def test_an_institution_warned_for_the_act_told_is_not_escalated():
    from corpus import load_corpus
    from rules import Match, assess, load_rulebook

    book = load_rulebook(load_corpus())

    def given(*_args, **_kwargs):
        return [Match("第二十二条第（二）项", 1.0, (), None)]

    d = assess({"subject": "institution", "conduct": "我们机构因为用了没备案的题被警告了，整改期间还能继续开考吗？"}, book, matcher=given)
    assert d.provisions[0] == "第二十二条第（二）项"
    d = assess({"subject": "institution", "conduct": "机构因为用了没备案的题被警告，整改后又用了没备案的题"}, book, matcher=given)
    assert d.provisions[0] == "第二十三条第（一）项"


@pytest.mark.parametrize("text,fact,value", [
    ("我发帖说考点空调坏了、监控没开，这些都是真的，好多人能作证。考点却说我散布不实信息", "false_info", False),
    ("机构备案下来8个月了，因为设备没到位一直没开考", "idle_a_year", False),
    ("机构备案后已经一年半了，一直没开展评价", "idle_a_year", True),
    ("This year we have had 1 score-entry error and exactly 20 person-times of corrections.", "score_errors_in_year", 1),
    ("She stayed on as invigilator in her niece's room. Our rules say she should have stepped aside.", "recused", False),
    ("他本该回避，却还是去监考了", "recused", False),
    ("He declared the relation and stepped aside.", "recused", True),
])
def test_a_true_account_and_the_time_since_filing_are_read(text, fact, value):
    assert infer_facts(text)[fact][0] == value


def test_whether_an_account_is_true_asked_is_not_read():
    assert "false_info" not in infer_facts("他发的帖子都是真的吗？")


# The English words for passing answers on were written with literal backspace characters until
# 2026-12-05 (a "\b" outside a raw string), so they never matched: tested here so it cannot recur.
@pytest.mark.parametrize("text,value", [
    ("He bought the answers the night before and shared them in a WeChat group", True),
    ("She posted the leaked questions online", True),
    ("He bought the answers but didn't share them with anyone", False),
])
def test_answers_passed_on_are_read_in_english(text, value):
    assert infer_facts(text)["spread"][0] is value


def test_no_pattern_holds_a_control_character():
    from rules import facts

    patterns = [v for v in vars(facts).values() if isinstance(v, re.Pattern)]
    assert patterns and not any(ch in p.pattern for p in patterns for ch in "\x08\x07\x0c")


def test_occasions_each_asked_about_are_not_records():
    assert "prior_talks_in_cycle" not in infer_facts("谈话提醒是上个月和这个月各一次吗？")


def test_a_record_asked_about_is_not_told_as_none():
    assert "prior_talks_in_cycle" not in infer_facts("这个督导员之前没被处理过吗？")


@pytest.mark.parametrize("text,fact,value", TABLE)
def test_a_stated_fact_is_read(text, fact, value):
    assert infer_facts(text)[fact][0] == value


def test_a_check_that_is_not_the_complaints_tells_nothing_of_it():
    assert infer_facts("机构被举报乱收费，查实了；另外监控复查也没有发现问题")["verified"][0] is True
    assert "verified" not in infer_facts("区里来检查，没有发现问题")
    assert "verified" not in infer_facts("我举报了考点卖答案，会不会被处理？")


@pytest.mark.parametrize(
    "text", ["考评员迟到了", "A candidate used a phone", "会被通报批评吗？", "Will the clerk be publicly criticised?", "He was not criticised before"]
)
def test_an_unstated_fact_stays_unknown(text):
    facts = infer_facts(text)
    assert "prior_talks_in_cycle" not in facts and "prior_criticisms_in_cycle" not in facts


@pytest.mark.parametrize("text", ["负责报名的同事把关不严，单位要不要被约谈？", "这种情况评价机构会不会也被约谈",
                                  "考务出错了，考点是不是就被通报批评了"])
def test_the_measure_asked_about_after_a_modal_is_not_a_record(text):
    facts = infer_facts(text)
    assert "prior_interviews_in_cycle" not in facts and "prior_criticisms_in_cycle" not in facts


def test_whether_a_device_was_used_asked_rather_than_told_is_not_read():
    assert "device_used" not in infer_facts("他桌上放着手机，是否翻看过我们也说不准")


def test_an_accusation_reported_is_not_a_fact_told():
    assert infer_facts("监考同意我去的厕所，回来有人说我擅自离开座位")["permitted"][0] is True


def test_an_interview_of_an_institution_is_not_a_talk_reminder():
    assert "prior_talks_in_cycle" not in infer_facts("机构负责人本周期被约谈过两次")


def test_a_chinese_case_with_an_english_word_keeps_its_parenthesis():
    assert infer_facts("考评员用APP签到迟到（本周期已谈话提醒2次）")["prior_talks_in_cycle"][0] == 2


@pytest.mark.parametrize(
    "text, level",
    [
        ("漏评了两道小题，每个人差一两分", "minor"),
        ("少给了一个考生差1分", "minor"),
        ("整场大面积判错", "grave"),
        ("四十多个人合格不合格全反了", "grave"),
        ("准考证号写反了", None),  # a swapped number is not a reversed result
        ("the pass/fail results of the whole batch were reversed", "grave"),
        ("we found a couple of small scoring slips", "minor"),
        ("a significant marking error", "major"),
        ("考评员迟到了", None),
        ("分数登反了，一个不及格的学员变成合格了", "grave"),
        ("汇总出了错，有个学员因此拿到了证书", "grave"),
        ("换算公式用错，一个考场十几个本来及格的学员成了不及格", "grave"),
        ("没按评分标准打，两三个本该及格的判成了不及格", "major"),
        ("发证的同事把一批证书的等级写错了，已经发出去二十多本", "grave"),
        ("A spreadsheet slip meant two passing candidates were recorded as fail", "major"),
        ("复核发现他给的分普遍偏得挺多", "major"),
        ("好几个考件差了十几分，错得挺明显", "major"),
        ("several practical scores were way off", "major"),
    ],
)
def test_the_size_of_a_grading_error(text, level):
    from rules.facts import infer_severity

    got = infer_severity(text)
    assert (got[0] if got else None) == level


# Readings found in the r46-r48 round's wrong answers after it was scored at stop 26's start (so those
# rounds are tuned from then on); each is a reading, tested both ways with new words, not an answer.
@pytest.mark.parametrize("text,fact,value", [
    # complied at once after a reminder: back to one's own seat
    ("考生坐错了考位，监考叫她换回去，她马上就换回来了", "reminded_and_refused", False),
    ("监考提醒他坐回自己的位置，他就坐好了", "reminded_and_refused", False),
    ("监考提醒他换回自己的位子，他还是不换", "reminded_and_refused", True),
    # a monitoring fault put right at once, or found right on re-inspection; broken again after the fix is not
    ("监控画面断了几分钟，工程师当场就修复了", "rectified", True),
    ("整改期满复查，画面都恢复正常了", "rectified", True),
    ("The CCTV feed dropped for five minutes and the technician fixed it right away.", "rectified", True),
    ("摄像头修好了，结果第二周考试又黑屏了", "rectified", False),
    ("监控一直没恢复正常", "rectified", None),
    # a duty to step aside met on the day: said at once, or another supervisor sent instead
    ("督导员点名时发现考生里有他侄女，立即向考点负责人报告了", "recused", True),
    ("考评员发现外甥在这一组，中心换了另一名考评员来评", "recused", True),
    ("督导员发现侄女在这一组，但没跟任何人说", "recused", False),
    # a warning told from the regulator's side, done; one only asked about is not told
    ("上个月区里对这家机构作出了警告决定，到现在也没整改", "warned_under_art22", True),
    ("会不会给机构下警告？", "warned_under_art22", None),
    # an earlier criticism told with its kind in several words
    ("The clerk was already given a formal notice of criticism earlier this cycle.", "prior_criticisms_in_cycle", 1),
])
def test_compliance_repair_recusal_and_records_in_everyday_words(text, fact, value):
    got = infer_facts(text).get(fact)
    assert (got[0] if got else None) == value


def test_someone_else_swapped_in_is_not_a_recusal():
    # "换了另一个人" in a stand-in story is not a supervisor or examiner replaced
    assert "recused" not in infer_facts("考生说去上厕所，回来的却换了另一个人接着做")
    assert "rectified" not in infer_facts("一名考生低血糖晕倒，送医后很快恢复")


# Readings found in the r49-r51 round's wrong answers after it was scored at stop 26's end (so those
# rounds are tuned from then on); tested both ways with new words.
@pytest.mark.parametrize("text,fact,value", [
    # carrying on with the exam after a reminder is complying, carrying on with the act is not
    ("巡考提醒了一句，她就不出声了，继续做题", "reminded_and_refused", False),
    ("监考提醒以后他安静下来继续作答", "reminded_and_refused", False),
    ("监考提醒了两次，他还继续跟旁边的人说话", "reminded_and_refused", True),
    # a fault found right after the rectification, in plain words; not right is not read as right
    ("整改好以后检查都正常", "rectified", True),
    ("整改后还是不正常", "rectified", False),
    ("整改后不正常", "rectified", None),
])
def test_continuing_the_exam_and_a_rectification_found_right(text, fact, value):
    got = infer_facts(text).get(fact)
    assert (got[0] if got else None) == value


def test_a_warning_for_the_act_then_no_rectification_plan_counts_as_the_earlier_warning():
    # the warning is told with its cause, but the rectification it ordered was not done: 23(1)'s record
    told = "机构因为超范围开考被警告并限期整改，到期整改计划一直没提交，还照常招生"
    assert infer_facts(told)["warned_under_art22"][0] is True
    assert infer_facts("机构因为超范围开考被警告并限期整改，现在还能开考吗？")["warned_under_art22"][0] is False


@pytest.mark.parametrize("text,value", [
    ("这家机构2月到6月一直没组织过评价", False),  # five months: not the whole year 22(5) and 23(10) need
    ("机构从一月到十二月都没开展评价", True),
    ("3月至5月停考了，6月恢复", False),
])
def test_months_without_evaluation_told_as_a_range(text, value):
    assert infer_facts(text)["idle_a_year"][0] is value


def test_a_range_of_months_with_evaluations_held_is_not_idle():
    assert "idle_a_year" not in infer_facts("1月到3月考了两次")


@pytest.mark.parametrize("text,told", [
    # the warning the asker expects, its duties asked about: no earlier record
    ("机构被约谈过一次，同一周期又没报考务计划就开考了。这回怎么处理？要是被警告了，我们得多久交什么材料？", None),
    ("万一被警告了，整改期间还能开考吗", None),
    # a hypothetical that goes on to a recurrence is the case put to the rules
    ("如果机构被警告后拒不整改，会怎么处理？", True),
    ("假如机构被警告了，又超范围开考，会怎样？", True),
    ("如果已经被警告过，整改完又犯了呢", True),
])
def test_a_warning_the_asker_anticipates_is_not_an_earlier_record(text, told):
    got = infer_facts(text).get("warned_under_art22")
    assert (got[0] if got else None) is told


@pytest.mark.parametrize("text,value", [
    ("Our centre hasn't held any assessment since last October, about eight months, because of renovation.", False),
    ("We have not held any assessments since March 2024, so that is fourteen months now.", True),
    ("No exams since January (roughly 3 months).", False),
])
def test_idle_time_told_after_since(text, value):
    assert infer_facts(text)["idle_a_year"][0] is value


def test_since_without_a_span_tells_no_idle_time():
    assert "idle_a_year" not in infer_facts("We have held no assessments since the audit.")


# Readings found in the r52-r54 round's wrong answers after it was scored at stop 27's start and end (so
# that round is tuned from here); each tested with new words, both ways.
@pytest.mark.parametrize("text,value", [
    ("机构此前未被警告，这次超范围开考", False),  # the denial inside the phrase
    ("去年没被警告过，只是约谈", False),
    ("上次被警告过，这次又超范围开考", True),
    ("The bureau warned us last spring over the ads; we fixed them, and now a new agent did it again.", True),
])
def test_a_warning_denied_inside_its_phrase_or_told_as_who_warned_whom(text, value):
    assert infer_facts(text)["warned_under_art22"][0] is value


@pytest.mark.parametrize("text", ["The re-check came back clean.", "The re-inspection found no issues.", "the recheck was passed"])
def test_a_recheck_passed_in_plain_english_is_rectified(text):
    assert infer_facts(text)["rectified"][0] is True


def test_a_recheck_that_finds_problems_is_not_rectified():
    assert "rectified" not in infer_facts("The re-check found problems again.")


@pytest.mark.parametrize("text,deliberate", [("太紧张了手一抖，把工件车坏了", False), ("手抖没拿稳，零件掉地上摔坏了", False),
                                             ("他故意把工件摔坏", True)])
def test_a_shaking_hand_is_an_accident(text, deliberate):
    assert infer_facts(text)["deliberate"][0] is deliberate


@pytest.mark.parametrize("text,count", [
    ("Earlier this cycle my supervisor had a 'chat' with me about skipping training; now I was late.", 1),
    ("The coordinator had a quick chat with him twice this cycle, and today he left early.", 2),
    ("My boss gave me a talking-to last month, and today I left early.", 1),
])
def test_a_talk_reminder_told_in_everyday_english(text, count):
    assert infer_facts(text)["prior_talks_in_cycle"][0] == count


def test_a_chat_with_someone_else_is_no_talk_reminder():
    assert "prior_talks_in_cycle" not in infer_facts("We had a chat with the candidate about the rules.")


# Readings found in the r55-r57 round's wrong answers after it was scored at stop 28's start and end (so
# that round is tuned from here); each tested with new words, both ways.
@pytest.mark.parametrize("text,deliberate", [
    ("刨床上进刀太快，工件直接报废了，纯属操作失误", False),
    ("My foot caught the extension lead, I tripped over it and the tray of pastries fell. Pure accident.", False),
    ("It was just an accident: the mould slipped out of my gloves.", False),
    ("She said it was an accident, but I watched her tear his answer sheet on purpose.", True),
    ("他失误多次后故意把工件砸了", True),
])
def test_an_accident_told_in_everyday_words(text, deliberate):
    assert infer_facts(text)["deliberate"][0] is deliberate


def test_a_grading_slip_is_no_accident_reading():
    assert "deliberate" not in infer_facts("考评员评分失误，给错了两个人的分")


@pytest.mark.parametrize("text,permitted", [
    ("考评员中途离场，是主考安排他送一位受伤的考生去医院，有备用考评员接手", True),
    ("The admission ticket listed a plain ruler and a non-programmable calculator as permitted.", True),
    ("负责人让他别离开，他还是擅自走了", False),
])
def test_leave_given_by_the_person_in_charge_or_a_device_listed_as_allowed(text, permitted):
    got = infer_facts(text).get("permitted")
    assert (got[0] if got else False) is permitted


@pytest.mark.parametrize("text,value", [
    ("我们站从今年2月到现在（9月）一直没组织鉴定", False),
    ("从1月到现在（12月）都没开考", True),
])
def test_idle_months_from_a_month_to_now(text, value):
    assert infer_facts(text)["idle_a_year"][0] is value


# Readings found in the r58-r60 round's wrong answers after it was scored at stop 29's start and end (so
# that round is tuned from here); each tested with new words, both ways.
@pytest.mark.parametrize("text,deliberate", [
    ("考生转身时被凳子腿绊倒，把旁边的量具架撞翻了，录像里看得出确实是意外", False),
    ("搬工件时被电源线绊了一跤，砂轮机摔坏了", False),
    ("他一口咬定是意外，可监控里他是故意踹的", True),
])
def test_an_accident_told_in_chinese_everyday_words(text, deliberate):
    assert infer_facts(text)["deliberate"][0] is deliberate


def test_whether_it_was_an_accident_asked_is_not_read():
    assert "deliberate" not in infer_facts("量具被碰坏了，这算不算意外？")


@pytest.mark.parametrize("text,rectified", [
    ("监控系统上个月掉线，整改以后复查已经全部恢复", True),
    ("去年检查的问题，整改措施都已落实，按时完成了整改", True),
    ("机构没有按期完成整改", None),
    ("整改以后复查，还是有三个考场看不到画面", False),
])
def test_rectification_completed_or_not(text, rectified):
    got = infer_facts(text).get("rectified")
    assert (got[0] if got else None) is rectified


def test_a_legal_term_quoted_where_it_is_asked_tells_no_fact():
    # "会不会把我当成'散布不实信息'": the teller asks whether the term fits; it is not said to be false
    assert "false_info" not in infer_facts("我在区人社局实名举报了考点卖答案，会不会把我当成“散布不实信息”处理？")
    assert infer_facts("他在群里散布不实信息，说考点卖答案，其实根本没有")["false_info"][0] is True


@pytest.mark.parametrize("text,refused", [
    ("The usher told me vaping isn't allowed in the corridor; I apologised and switched it off.", False),
    ("The invigilator told her the notes had to go; she said sorry, and put them in her bag.", False),
    ("The invigilator told him to sit down; he said sorry and refused.", True),
    ("The usher told him to stay in his seat, he nodded and then did it again twice.", None),
])
def test_compliance_after_an_apology_in_english(text, refused):
    got = infer_facts(text).get("reminded_and_refused")
    assert (got[0] if got else None) is refused


def test_a_phone_never_touched_was_not_used():
    assert infer_facts("My phone buzzed in the bag at the front, but I never touched it.")["device_used"][0] is False
    claimed = infer_facts("He kept his phone in the drawer and kept saying he never touched it.").get("device_used")
    assert claimed is None or claimed[0] is not False  # a claim, not a fact told


@pytest.mark.parametrize("text,adverse", [
    ("考评员打错了十几份卷子，家长闹到区人社才全部重评", True),
    ("员工把试卷拍照发给亲戚，结果在好几个群里传开了，那场考试只好取消", True),
    ("督导员喝多了在考场吵闹，被考生录下来，上了本地新闻", True),
    ("考生集体投诉，说评分标准前后不一", True),
    ("The examiner refused at the last minute, the session had to be cancelled and it made the local news.", True),
    ("好多考生投诉，不过没有造成什么影响", False),
    ("有人在群里散布“明天考试取消”的谣言", None),  # a rumour of a cancellation is not one
    ("这事没上新闻，也没人投诉", None),
])
def test_an_adverse_impact_told_by_what_it_visibly_did(text, adverse):
    got = infer_facts(text).get("adverse_impact")
    assert (got[0] if got else None) is adverse


@pytest.mark.parametrize("text,talks", [
    ("This cycle he has already had two 'reminder talks' from the centre, and today he left early.", 2),
    ("In April she got a reminder talk for late papers, in June another reminder talk for the seat list; today again.", 2),
    ("Earlier this cycle I got one reminder talk for arriving late. Today I forgot my card.", 1),
    ("Late twice this cycle, and both times the centre had a reminder talk with him.", None),  # how many: untold
    ("He had two talks with us this cycle. Is it just another talk now?", 2),  # "another" asked, not told
    ("Our examiner had two talk reminders this filing cycle and was late again today.", 2),  # no hyphen
    # the earlier cycle told at the end of a long English sentence, or after a quoted count
    ("Examiner Wu got two talk-reminders for lateness, but both were in the institution's previous filing "
     "cycle. In September he was late again.", 0),
    ("Someone said he'd already had two 'talks' for lateness, but those were in the previous filing cycle; "
     "this is his first time in the new one.", 0),
    ("He had two talk reminders this cycle; in the previous filing cycle he had none. Late again today.", 2),
])
def test_earlier_reminder_talks_told_in_english(text, talks):
    got = infer_facts(text).get("prior_talks_in_cycle")
    assert (got[0] if got else None) == talks


# English records told the way people list them: by date without a number, by ordinal, by a colon.
@pytest.mark.parametrize("text,fact,value", [
    ("Invigilation clerk: talk-reminder in March (left the room unattended), another in June (late with the "
     "sign-in sheet). Last week she left the room unattended again.", "prior_talks_in_cycle", 2),
    ("Ms Li was late in April and got a talk-reminder; in August she skipped the briefing, second talk-reminder. "
     "Yesterday she was late again.", "prior_talks_in_cycle", 2),
    ("Grading-sheet entry errors: 5 so far this year. Does that change anything?", "score_errors_in_year", 5),
    ("We held an interview with the centre's head in May over its unfiled plan; in November it ran a session "
     "without a plan again.", "prior_interviews_in_cycle", 1),
])
def test_english_records_listed_by_date_ordinal_or_colon_are_counted(text, fact, value):
    assert infer_facts(text)[fact][0] == value


@pytest.mark.parametrize("text", [
    "The examiner got a second talk-reminder for this lateness yesterday. What else can happen?",
    "If she gets a second talk-reminder this year, what comes next?",
    "Talk-reminder in the previous filing cycle, and now he was late again.",
    "She was late on 3 May; talk-reminder on 4 May for it. What does that mean for her?",
])
def test_an_ordinal_for_the_acts_own_record_or_an_earlier_cycle_is_not_counted(text):
    assert infer_facts(text).get("prior_talks_in_cycle", (0, ""))[0] == 0


# Whether the misconduct seen was stopped and reported at once (15(4), 19(2)): told as not done it is the
# item's conduct, not its answer; in English the measure is taken on someone, not a candidate who stopped.
@pytest.mark.parametrize("text,value", [
    ("巡考的考务员看到有人传纸条，却没有马上制止，事后也没上报。", False),
    ("督导员发现考生戴耳机，并未当场制止。", False),
    ("监考老师当场制止，并在考场记录上写明上报了。", True),
    ("The invigilator saw the phone, took it away on the spot and reported it to the chief.", True),
    ("Our supervisor noticed the whispering and promptly intervened.", True),
])
def test_a_measure_told_as_not_taken_is_not_read_as_taken(text, value):
    assert infer_facts(text)["handled"][0] is value


def test_a_candidate_who_stopped_when_told_is_not_a_measure_taken():
    assert "handled" not in infer_facts("The proctor told us to keep it down and we stopped right away.")


@pytest.mark.parametrize("text", [
    # a fee asked for and not paid: no reminder refused
    "有个人说交3000块保证让我过，不交的话实操很难说。我没交钱",
    # an earlier record listed, not this time's refusal
    "这个备案周期他被谈话提醒过两次（一次迟到、一次没交手机）",
])
def test_not_handing_over_is_read_only_of_a_reminder_refused(text):
    assert "reminded_and_refused" not in infer_facts(text)


@pytest.mark.parametrize("text", [
    "监考老师发现后立即让考务把他的资料收走，并写了情况说明上报",
    "督导员看到有人传纸条，马上通知现场负责人制止，记录在案",
])
def test_a_measure_taken_through_a_colleague_called_over_is_handled(text):
    """Stopping misconduct by calling a colleague over is the measure taken (15(4) and 19(2) require it
    not taken); the adverb and the verb are then a few words apart."""
    assert infer_facts(text)["handled"][0] is True


@pytest.mark.parametrize("text", [
    "他手表一直戴着不肯摘，不过全程都没见他看过",
    "耳机放在口袋里不交，全程也没见她拿出来",
])
def test_staff_who_watched_and_never_saw_it_used_tell_it_was_not_used(text):
    assert infer_facts(text)["device_used"][0] is False


# A refusal is a person's, after a reminder; compliance told in everyday words; obeying and then doing it
# again is not compliance. (Written for these tests, not taken from any evaluation question.)
@pytest.mark.parametrize(("text", "value"), [
    ("监考过来说了一句，他马上把烟掐了，后来也没再抽", False),
    ("工作人员一提醒，她立刻把耳机摘了", False),
    ("考务叫他关掉音乐，他马上关了，可没两分钟又放起来了", True),
    ("The proctor asked him to put the phone in the box and he wouldn't.", True),
    ("She wouldn't move to her assigned bench even after two reminders", True),
    ("The proctor asked him to sit, and he sat back down again at once and stayed there", False),
    ("Staff told her to turn the music off and she did, but five minutes later she was playing it again", True),
    ("两个考生都在走廊抽烟，保安一说，一个立刻掐了；另一个说等会再说", False),
])
def test_a_reminder_obeyed_or_refused_in_everyday_words(text, value):
    assert infer_facts(text)["reminded_and_refused"][0] is value


@pytest.mark.parametrize("text", [
    "My mixer wouldn't start, so I raised my hand and called the examiner over.",
    "I wrote the steps on my wrist so I wouldn't forget them.",
])
def test_would_not_said_of_a_thing_or_a_purpose_is_no_refusal(text):
    assert "reminded_and_refused" not in infer_facts(text)


# 第七条第（一）项 is the use of an electronic device: a tool or notes used are not read as that use.
@pytest.mark.parametrize(("text", "used"), [
    ("He brought his own torque wrench, was told it was not allowed, and kept using it", None),
    ("带了自己的剪刀，监考说不行，她还是用了它剪完了", None),
    ("He kept a smart band on and used it to read notes during the paper", True),
    ("考生把手机藏在袖子里，答题时还拿出来查了答案", True),
])
def test_a_use_is_a_devices_only_where_a_device_is_named(text, used):
    assert infer_facts(text).get("device_used", (None,))[0] is used


def test_an_earlier_cycle_named_in_chinese_inside_english_is_read():
    text = "She had one 通报批评 two years ago, but that was in the previous 备案周期; this cycle she is clean."
    assert infer_facts(text)["prior_criticisms_in_cycle"][0] == 0


def test_a_tool_the_notice_lists_as_allowed_is_permitted():
    assert infer_facts("准考证上列明可以携带直尺，监考还是让他交上来")["permitted"][0] is True
