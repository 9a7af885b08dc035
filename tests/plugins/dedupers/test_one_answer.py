"""one-answer: an instruction answered two ways is dropped, with its reason."""

from zhiling import instruction_record
from zhiling.plugins.dedupers.one_answer import OneAnswer


def rec(id_, instruction, output):
    return {"id": id_, "lang": "zh", "instruction": instruction, "output": output}


def test_questions_with_two_answers_are_dropped_and_the_rest_kept():
    # 1.0.0 asked 「如何打开「数据库」？」 of several LibreOffice modules, each answered apart.
    records = [
        rec("a", "如何打开「数据库」？", "选择「视图 - 数据源」。"),
        rec("b", "如何打开「数据库」？", "选择「文件 - 打开」，然后选择数据库文件。"),
        rec("c", "如何打开「数据库」 ？", "选择「工具 - 数据库」。"),  # same question, folded
        rec("d", "如何释放空间？", "运行 apt clean。"),
        rec("e", "如何释放空间？", "运行 apt clean 。"),  # one answer, written twice
    ]
    step = OneAnswer()
    kept = [r["id"] for r in step(records)]
    assert kept == ["d", "e"]
    assert sorted((r["id"], why) for r, why in step.removed()) == [
        ("a", "ambiguous_instruction"),
        ("b", "ambiguous_instruction"),
        ("c", "ambiguous_instruction"),
    ]
    assert step.report() == {"instructions": 1, "qualified": 0, "removed": 3}


def pair(doc, instruction, output, qualified=None):
    document = {"id": doc, "text": "x", "lang": "zh", "meta": {"source": f"{doc}.html"}}
    return instruction_record(
        document,
        instruction=instruction,
        output=output,
        spans=[(0, 1)],
        pattern="help-entry",
        version="0.3.0",
        qualified=qualified,
    )


def test_a_question_answered_two_ways_asks_its_qualified_question_instead():
    # The chart dialogs of LibreOffice each have a 「字体」 tab described alike; where the
    # plain question has two answers, each record asks the question naming its dialog.
    title = pair(
        "t",
        "在 LibreOffice 中如何指定要应用的字体？",
        "选择「格式 - 标题」，然后使用「字体」。",
        qualified="在 LibreOffice 的「标题」中如何指定要应用的字体？",
    )
    legend = pair(
        "l",
        "在 LibreOffice 中如何指定要应用的字体？",
        "选择「格式 - 图例」，然后使用「字体」。",
        qualified="在 LibreOffice 的「图例」中如何指定要应用的字体？",
    )
    # Without a qualified question, or asking one that is still answered two ways: dropped.
    plain = pair("p", "在 LibreOffice 中如何指定要应用的字体？", "选择「格式 - 轴」。")
    same_a = pair("a", "如何重置？", "使用「重置」。", qualified="在「标题」中如何重置？")
    same_b = pair("b", "如何重置？", "点击「重置」。", qualified="在「标题」中如何重置？")
    alone = pair("s", "如何重置？", "使用「重置」。", qualified="在「图例」中如何重置？")
    step = OneAnswer()
    kept = list(step([title, legend, plain, same_a, same_b, alone]))
    assert [r["instruction"] for r in kept] == [
        "在 LibreOffice 的「标题」中如何指定要应用的字体？",
        "在 LibreOffice 的「图例」中如何指定要应用的字体？",
        "在「图例」中如何重置？",
    ]
    # A qualified record is a new pair: its id follows its new question.
    assert kept[0]["id"] != title["id"]
    assert kept[0]["output"] == title["output"]
    assert "qualified_instruction" not in kept[0].get("meta", {})
    assert sorted(r["source"]["doc_id"] for r, _ in step.removed()) == ["a", "b", "p"]
    assert step.report() == {"instructions": 2, "qualified": 3, "removed": 3}
    # A question with one answer keeps its plain form, though it carries a qualified one.
    [only] = OneAnswer()(
        [pair("x", "如何重置？", "使用「重置」。", qualified="在「X」中如何重置？")]
    )
    assert only["instruction"] == "如何重置？"
