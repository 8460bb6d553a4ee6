"""Entity recognisers on small texts: what names a school or a programme and what does not."""

from extractors import extract_text


def entities(text: str, etype: str) -> set[str]:
    doc = extract_text(text).documents[0]
    return {e.name for e in doc.entities if e.type == etype}


def test_verb_phrases_and_pronouns_before_a_school_word_make_no_school():
    text = ("一、保障\n各地要核定学校编制，面向基层学校开展培训，充分利用学校场地，充分发挥学校教育优势；"
            "区县教委要领导本辖区小学开展工作，组织湖南省长沙市第一中学、育才学校和大英县实验学校结对。\n")
    assert entities(text, "School") == {"湖南省长沙市第一中学", "育才学校", "大英县实验学校"}


def test_a_campaign_named_by_what_it_brings_is_a_programme_only_as_a_noun():
    text = ("一、活动\n继续开展高雅艺术进校园、戏曲进校园等活动，聘请民间艺人进校园，"
            "推动创新理论进校园、进课堂、进头脑。\n")
    assert entities(text, "Programme") == {"高雅艺术进校园", "戏曲进校园"}


def test_a_recurring_event_is_named_by_its_place_or_edition():
    text = ("一、展示\n每3年举办一次东营市大中小学生艺术展演，组织学生参加全国第五届中小学生艺术展演活动"
            "和第三届中小学班级合唱视频展评；各校每年举办校园艺术展演活动。\n")
    assert entities(text, "Programme") == {"东营市大中小学生艺术展演", "全国第五届中小学生艺术展演活动",
                                           "第三届中小学班级合唱视频展评"}


def test_timetables_period_plans_and_document_kinds_are_no_programmes():
    text = ("一、课程\n将美育实践活动纳入学校课程教学计划，落实美育课程计划和五年行动计划，"
            "制定改善办学条件实施计划，实施立德树人计划。\n")
    assert entities(text, "Programme") == {"立德树人计划"}


def test_a_quoted_name_ending_in_its_own_kind_word_is_a_programme_without_a_launch_verb():
    text = "一、活动\n各区县结合“学生艺术活动月”组织展示，坚持“五育融合”。\n"
    assert entities(text, "Programme") == {"学生艺术活动月"}


def test_a_long_school_name_keeps_its_province():
    text = ("一、名单\n认定云南省怒江傈僳族自治州泸水市新城完小、吉林省通化市柳河县孤山子镇中心小学"
            "为传承学校。\n")
    assert entities(text, "School") == {"云南省怒江傈僳族自治州泸水市新城完小", "吉林省通化市柳河县孤山子镇中心小学"}


def test_function_words_and_unknown_verbs_before_a_school_word_make_no_school():
    text = "一、课程\n每位学生须修满学校规定的学分，在自评的基础上以学校为单位申报龙珠小学。\n"
    assert entities(text, "School") == {"龙珠小学"}


def test_a_quoted_phrase_before_a_kind_word_is_a_programme():
    text = "一、活动\n巩固提升“班班有歌声”活动成果，坚持“五育融合”。\n"
    assert entities(text, "Programme") == {"班班有歌声"}


def test_no_programme_inside_a_cited_title_in_book_marks_or_quotes():
    text = ("一、依据\n根据《关于印发营养改善计划工作要点的通知》，结合“2017年学校营养改善计划工作要点”有关要求，"
            "实施立德树人计划。\n")
    assert entities(text, "Programme") == {"立德树人计划"}


def test_a_programme_name_starts_after_the_verb_that_takes_it_as_object():
    text = ("一、举措\n积极开展高雅艺术进校园活动，将美育师资队伍培训列入农村紧缺师资代偿学费计划，"
            "安排资金用于学生美育素养提升计划，全面保障计划实施。\n")
    assert entities(text, "Programme") == {"高雅艺术进校园", "农村紧缺师资代偿学费计划", "学生美育素养提升计划"}


def test_the_event_a_plan_is_the_plan_of_is_the_document_not_a_programme():
    text = ("东营市中小学生校园集体舞视频展评活动实施方案\n\n一、目的\n举办东营市中小学生校园集体舞视频展评，"
            "组织学生参加全国第五届中小学生艺术展演活动。\n")
    assert entities(text, "Programme") == {"全国第五届中小学生艺术展演活动"}
