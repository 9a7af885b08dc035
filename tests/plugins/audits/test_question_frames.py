from zhiling import Record
from zhiling.plugins.audits.question_frames import QuestionFrames, register_audits


def record(instruction: str, lang: str) -> Record:
    return Record(id=instruction, lang=lang, instruction=instruction, output="x")


def test_frames_abstract_the_content_and_the_commonest_share_is_reported():
    audit = QuestionFrames(top=2)
    for question in [
        "What does “Open” do in LibreOffice's “Calc”?",
        "What does “Sort” do in LibreOffice's “Writer”?",
        "How do I hide the selected sheets in LibreOffice Calc?",
        "What does the `-a` option of `ls` do?",
    ]:
        audit.observe(record(question, "en"))
    for question in ["cp 的 -r 选项有什么作用？", "ls 的 -a 选项有什么作用？"]:
        audit.observe(record(question, "zh"))
    report = audit.report()
    assert report["top_share"] == {"en": 0.5, "zh": 1.0}
    assert report["top"]["en"][0] == {
        "frame": "what does … do in …'s …?",
        "records": 2,
        "share": 0.5,
    }
    assert len(report["top"]["en"]) == 2  # the two commonest only
    assert report["top"]["zh"] == [{"frame": "… 选项…什么作用？", "records": 2, "share": 1.0}]


def test_registers_its_recipe_name():
    registered = {}
    register_audits(register=registered.__setitem__)
    assert registered == {"question-frames": QuestionFrames}
