"""What is and is not a target: ranges, ordinals, form fields, brackets, comparators from the clause."""

from __future__ import annotations

from extractors.components.targets import find_targets
from extractors.quantities import find_quantities


def _q(text: str) -> list[tuple]:
    return [(q.value, q.unit, q.comparator, text[q.cue_start:q.end]) for q in find_quantities(text)]


def _t(text: str) -> list[tuple]:
    return [(t.indicator, t.comparator, t.value, t.unit) for t, _ in find_targets(text, plan=True)]


def test_a_range_is_one_quantity_at_least_its_lower_bound():
    assert _q("每名学生掌握1项-2项乐器。") == [(1, "项", ">=", "1项-2项")]
    assert _q("按学生数的0.2%-0.3%配备。") == [(0.2, "%", ">=", "0.2%-0.3%")]
    assert _q("学会一至两项球类运动。") == [(1, "项", ">=", "一至两项")]
    assert _q("选修3至4门课程。") == [(3, "门", ">=", "3至4门")]


def test_a_change_from_a_baseline_is_no_range():
    assert [v for v, *_ in _q("巩固率由90%至95%。")] == [90, 95]


def test_the_ordinal_of_a_plenum_is_no_count():
    assert _q("深入学习党的十九届五中全会精神。") == []
    assert [v for v, *_ in _q("每两年举办一届全县运动会。")] == [1]


def test_a_session_of_a_plenum_and_each_one_are_no_counts():
    assert _q("落实市委十一届四次全会精神。") == []
    assert _q("做好面向每一名学生的测评工作。") == []
    assert [v for v, *_ in _q("每个社团配备一名指导教师。")] == [1]


def test_one_after_a_frequency_counts_what_happens_in_the_period():
    assert _t("学校每学年要进行一次美育工作自评并实行校长负责制。") == [("学校每学年美育工作自评", "=", 1, "次")]
    assert _q("打造一个品牌。") == []
    assert _q("继续开展每月一次的读书活动。") == []  # an attribute of the activity, no count


def test_an_age_is_a_condition_not_a_goal():
    assert _q("兼职教师原则上不超过65岁。") == []


def test_a_floor_on_a_share_takes_its_comparator_and_names_its_base():
    found = _t("每年交流轮岗教师人数不低于在编教师总数的10%,其中骨干教师不低于交流总数的20%。")
    assert found == [("交流轮岗教师人数占在编教师总数", ">=", 10, "%"), ("骨干教师占交流总数", ">=", 20, "%")]
    assert _t("美术课时总量不低于地方方案规定总课时8%。") == [("美术课时总量占地方方案规定总课时", ">=", 8, "%")]


def test_a_level_reached_names_no_share():
    assert _t("骨干教师达到交流对象的30%。") == [("骨干教师", "=", 30, "%")]


def test_an_indicator_never_starts_or_ends_inside_brackets_or_on_punctuation():
    found = _t("建成省级30个、市级100个、县级500个名师工作室。创建20所书法学校、20所民间工艺(剪纸、泥塑等)特色学校。"
               "鼓励学校按总课时的12%(1000课时)开设艺术课程。")
    names = [name for name, *_ in found]
    assert all(not name.startswith(("、", ")")) and not name.endswith(("(", "、")) for name in names), names
    assert "创建民间工艺" in names and "开设艺术课程" in names


def test_a_qualifying_aside_sets_no_goal_but_a_restated_value_does():
    assert [v for _, _, v, _ in _t("每校申报展示项目(限2项)。")] == []
    assert [v for _, _, v, _ in _t("学校(含3个教学点)全部达标。")] == []
    assert [v for _, _, v, _ in _t("每年对全县1/5(约40所)的小学开展督导评估。")] == [0.2, 40]


def test_a_frequency_in_digits_is_no_part_of_the_indicator():
    digits, characters = _t("每3年举办全县中小学生运动会1次。"), _t("每三年举办全县中小学生运动会1次。")
    assert [n for n, *_ in digits] == [n for n, *_ in characters]
    assert not _t("每2年举办教师基本功比赛1次。")[0][0].startswith("每")


def test_form_field_limits_are_no_targets():
    text = "论文字数不超过6000字,作者人数不超过2人,单个文件大小不超过200M。每所学校组建艺术社团2个。"
    assert [(n, v) for n, _, v, _ in _t(text)] == [("每所学校组建艺术社团", 2)]
    assert _t("评选优秀教育工作者10名。")  # a worker in education is no form's author


def test_a_rate_of_a_base_names_what_it_is_for():
    assert _t("鼓励学校按总课时的12%开设书法课程。") == [("按总课时比例开设书法课程", "=", 12, "%")]


def test_a_bound_anywhere_in_the_clause_sets_the_comparator():
    assert _t("各乡镇至少每2年举办1次运动会。")[0][1:3] == (">=", 1)
    assert _t("每校至多推荐学生3名。")[0][1:3] == ("<=", 3)


def test_a_range_written_with_a_box_dash_and_a_plus_between_counts():
    assert _t("可推荐1─3名人选。")[0][1:4] == (">=", 1, "名")
    assert [n for n, *_ in _t("初中每周3节技能课+2节体能课;")] == ["初中每周技能课", "体能课"]


def test_the_wording_after_a_restating_aside_belongs_to_the_goal_before_it():
    assert _t("鼓励学校按总课时的12%(900课时)开设书法课程。")[0][0] == "按总课时比例开设书法课程"


def test_a_wording_that_stops_on_a_verb_or_a_time_word_takes_the_noun_after_the_number():
    assert _t("各县区要选定2所学校开展试点。") == [("各县区要选定学校", "=", 2, "所")]
    assert _t("帮助学生形成1项艺术特长和爱好。") == [("帮助学生形成艺术特长和爱好", "=", 1, "项")]
    assert _t("学校每学年进行1次美育工作自评。") == [("学校每学年美育工作自评", "=", 1, "次")]
    assert _t("每个乡镇至少有1所公办园。") == [("每个乡镇公办园", ">=", 1, "所")]


def test_a_wording_that_ends_on_a_noun_keeps_it_alone():
    assert _t("创建艺术教育特色学校25所。") == [("创建艺术教育特色学校", "=", 25, "所")]


def test_a_call_for_papers_or_a_committee_is_no_plan():
    from extractors.components.targets import is_plan

    assert is_plan("关于印发学校美育工作实施方案的通知")
    assert not is_plan("关于开展学校美育论文征文活动的通知")
    assert not is_plan("关于成立美育教学指导委员会的通知")
    assert find_targets("委员会设主任委员2人,秘书长1人。", plan=is_plan("关于成立美育教学指导委员会的通知")) == []


def test_a_goal_at_another_level_is_the_same_goal_at_that_level():
    found = _t("建设省级美育基地4个、市级10个。")
    assert found == [("建设省级美育基地", "=", 4, "个"), ("建设市级美育基地", "=", 10, "个")]
    assert _t("省级传承学校4所,市级10所。") == [("省级传承学校", "=", 4, "所"), ("市级传承学校", "=", 10, "所")]
    found = _t("创建省级特色学校12所、市级特色学校20所。")
    assert found == [("创建省级特色学校", "=", 12, "所"), ("创建市级特色学校", "=", 20, "所")]
    assert _t("推出县级示范校5所,镇级示范校20所。")[1][0] == "镇级示范校"  # a clause of its own keeps its words


def test_a_long_wording_is_cut_at_a_boundary_never_inside_a_word():
    text = "义务教育阶段学校要确保艺术课程课时总量不低于国家课程方案规定的地方课程总课时的9%。"
    (name, *_), = _t(text)
    assert name.startswith("艺术课程") and len(name) <= 30


def test_a_number_after_a_conjunction_counts_what_follows_it():
    assert _t("建立教师合唱团和30个艺术学科名师工作室。") == [("建立艺术学科名师工作室", "=", 30, "个")]


def test_a_unit_that_is_a_noun_completes_a_wording_with_nothing_after_its_number():
    assert _t("普通高中艺术课程开设不低于6个学分。") == [("普通高中艺术课程开设学分", ">=", 6, "学分")]
    assert _t("普通高中美育课程不低于6个学分。") == [("普通高中美育课程", ">=", 6, "学分")]


def test_only_a_share_is_a_rate_of_a_base():
    assert _t("鼓励学校按总课时的11%开设艺术课程。") == [("按总课时比例开设艺术课程", "=", 11, "%")]
    assert "比例" not in _t("参会人员提前10分钟入场按名签就座。")[0][0]


def test_a_count_after_its_verb_stops_where_another_verb_phrase_is_listed():
    assert _t("学校要培养具有美育素养、掌握1项-2项艺术爱好或特长、满足社会需求的人才。") == \
        [("掌握艺术爱好或特长", ">=", 1, "项")]


def test_a_clause_bound_adverb_is_the_comparator_and_no_part_of_the_indicator():
    assert _t("各地至少每3年举办1次艺术展演活动。") == [("各地每3年举办艺术展演活动", ">=", 1, "次")]


def test_subjects_after_the_shared_measure_each_take_it_with_their_own_value():
    assert _t("力争到2020年,全市艺术专职教师比例小学和初中分别不低于65%和85%。") == \
        [("小学艺术专职教师比例", ">=", 65, "%"), ("初中艺术专职教师比例", ">=", 85, "%")]


def test_a_term_of_office_is_no_deadline_and_no_goal_cue():
    text = "首届委员会委员共76人,聘期4年,自2020年8月起至2024年8月止。"
    assert find_targets(text, plan=False) == []
    assert [t.deadline for t, _ in find_targets(text, plan=True)] == [None]


def test_levels_listed_before_one_noun_each_count_that_noun():
    assert _t("2020年前,建成省级50个、市级200个、县级1000个美育名师工作室。") == [
        ("建成省级美育名师工作室", "=", 50, "个"), ("建成市级美育名师工作室", "=", 200, "个"),
        ("建成县级美育名师工作室", "=", 1000, "个")]


def test_the_count_verb_after_a_subject_carries_to_the_next_count():
    found = _t("各级各类学校培养100名艺术学科带头人,1000名中青年骨干教师。")
    assert found[1] == ("培养中青年骨干教师", "=", 1000, "名")


def test_who_must_act_before_an_obligation_cue_is_no_part_of_the_indicator():
    assert _t("普通高中学校要保证美育类必修课程不低于6个学分。") == [("美育类必修课程", ">=", 6, "学分")]


def test_goals_per_period_for_listed_groups_measure_what_the_first_names_without_its_examples():
    assert _t("义务教育阶段学校艺术课程(包括音乐、美术、舞蹈等)小学一、二年级每周不少于4节,小学三至六年级每周不少于3节,"
              "初中每周不少于2节。") == [
        ("义务教育阶段学校艺术课程小学一、二年级每周", ">=", 4, "节"),
        ("义务教育阶段学校艺术课程小学三至六年级每周", ">=", 3, "节"),
        ("义务教育阶段学校艺术课程初中每周", ">=", 2, "节")]


def test_respectively_before_a_count_sets_it_for_each_thing_listed_after_it():
    assert _t("分别创建30所“书法教育示范学校”和“经典诵读特色学校”。") == [
        ("创建书法教育示范学校", "=", 30, "所"), ("创建经典诵读特色学校", "=", 30, "所")]


def test_a_bounded_rate_of_a_base_names_the_base_not_a_share():
    assert _t("鼓励有条件的学校按不低于总课时的11%开设艺术课程。") == [("按总课时比例开设艺术课程", ">=", 11, "%")]
