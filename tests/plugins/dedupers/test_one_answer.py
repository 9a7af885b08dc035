"""one-answer: an instruction answered two ways is dropped, with its reason."""

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
    assert step.report() == {"instructions": 1, "removed": 3}
