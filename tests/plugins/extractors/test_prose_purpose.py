"""prose-purpose on real sentences from the debian-instruct packages."""

from zhiling.plugins.extractors.prose_purpose import ProsePurpose
from zhiling.plugins.extractors.purpose_method import PurposeMethod
from zhiling.plugins.sources.text_files import blocks_of


def document(text: str, lang: str, source: str = "manual.txt") -> dict:
    return {
        "id": "doc",
        "text": text,
        "lang": lang,
        "meta": {"source": source, "license": "CC0-1.0"},
        "blocks": blocks_of(text),
    }


LIBREOFFICE = (
    "libreoffice-help-zh-cn_7.4_all.deb:usr/share/libreoffice/help/zh-CN/text/simpress/01/x.html"
)


def test_two_purposes_in_one_sentence_give_two_pairs_with_the_product():
    text = (
        "# Transformations\n\n## 旋转\n\n围绕一个旋转点旋转或倾斜选中的平面图形对象。"
        "要旋转对象，请沿着要旋转的方向拖动对象某个角上的控点；要倾斜对象，请沿着要倾斜的方向拖动对象的中心控点。"
    )
    records = list(ProsePurpose().extract(document(text, "zh", LIBREOFFICE)))
    assert [(r["instruction"], r["output"]) for r in records] == [
        ("在 LibreOffice Impress 中如何旋转对象？", "请沿着要旋转的方向拖动对象某个角上的控点。"),
        ("在 LibreOffice Impress 中如何倾斜对象？", "请沿着要倾斜的方向拖动对象的中心控点。"),
    ]


def test_purpose_after_another_clause():
    text = (
        "# 第 7 章 Debian 软件包管理系统基础\n\n这一内部格式可能会发生变化，所以如果您需要对 .deb "
        "文件进行底层操作，请总是使用 dpkg-deb(1)。"
    )
    [record] = ProsePurpose().extract(document(text, "zh", "debian-faq-zh-cn_11.1_all.deb:x"))
    assert record["instruction"] == "在 Debian 中如何对 .deb 文件进行底层操作？"
    assert record["output"] == "请总是使用 dpkg-deb(1)。"


def test_an_example_sentence_continues_the_answer():
    text = (
        "# create type(7)\n\n类型可以是数组；要表示一个类型是数组，"
        "用 ELEMENT 关键字声明数组元素的类型。 "
        "比如，要定义"
        "一个 4 字节整数(int4)的数组，声明 ELEMENT = int4 。"
    )
    [record] = ProsePurpose().extract(document(text, "zh"))
    assert record["instruction"] == "如何表示一个类型是数组？"
    assert record["output"].endswith("声明 ELEMENT = int4 。")
    # Opening its sentence, the same purpose is purpose-method's, example and all.
    opening = text.replace("类型可以是数组；", "")
    assert list(ProsePurpose().extract(document(opening, "zh"))) == []
    [record] = PurposeMethod().extract(document(opening, "zh"))
    assert record["output"].endswith("声明 ELEMENT = int4 。")


def test_english_purpose_with_a_method_verb_the_older_pattern_does_not_take():
    text = (
        "# What's New In Python 3.8 — Python 3.11.2 documentation\n\nTo support both 3.8 and "
        "older, try pkg-config python-X.Y-embed --libs first and fallback to pkg-config "
        "python-X.Y --libs if the previous command fails."
    )
    source = "python3.11-doc_3.11.2_all.deb:usr/share/doc/python3.11/html/whatsnew/3.8.html"
    [record] = ProsePurpose().extract(document(text, "en", source))
    assert record["instruction"] == "How do I support both 3.8 and older in Python?"
    assert record["output"].startswith("Try pkg-config python-X.Y-embed --libs first")


def test_a_sentence_purpose_method_already_takes_is_left_to_it():
    text = "# 记录修改\n\n要修改追踪修订设置，请选择「工具 - 选项 - LibreOffice Writer - 更改」。"
    assert list(ProsePurpose().extract(document(text, "zh"))) == []


def test_negatives_yield_nothing():
    texts = [
        # a noun after 要的是, not a goal
        (
            "# perlfaq8(7)\n\n如果你要的是 atexit() 语法（以及 rmexit()），"
            "试试 CPAN 里的 AtExit 模组。",
            "zh",
        ),
        # anaphora: the goal points back
        ("# x\n\n它很有用，要做到这一点，请打开设置。", "zh"),
        # a goal leaning on a pronoun
        ("# x\n\n默认是逗号，要修改它，请编辑配置文件。", "zh"),
        # a description after the comma
        ("# x\n\n这很重要，为了减少网络流量，下载的软件包被存储为缓存文件。", "zh"),
        # a cross-reference as the method
        ("# x\n\n这是可能的，若要知道详细的操作步骤，请参阅第 4.5 节。", "zh"),
        ("# x\n\nIt is optional; to do so, click OK.", "en"),
    ]
    for text, lang in texts:
        assert list(ProsePurpose().extract(document(text, lang))) == [], text


def test_zh_advice_under_a_condition_asks_what_to_do():
    text = "# mpg123(1)\n\n## 选项\n\n如果服务器要求认证, 可以使用 -u auth 选项指定用户名和密码。"
    [record] = ProsePurpose().extract(document(text, "zh"))
    assert record["instruction"] == "用 mpg123 时，如果服务器要求认证，该怎么办？"
    assert record["output"] == "可以使用 -u auth 选项指定用户名和密码。"


def test_zh_conditions_that_are_no_advice_yield_nothing():
    texts = [
        "# x\n\n如果没有选择文本，则会转换整篇文档。",  # what happens, no advice
        "# x\n\n如果安装了支持的软件，就可以在任何平台上查看或打印 PDF 文件。",  # a result
        "# x\n\n如果这样不行，请重新启动。",  # the situation points outside
        "# x\n\n如果您更喜欢使用 “M”，您可以在设置对话框中请求这样做。",  # points back
    ]
    for text in texts:
        assert list(ProsePurpose().extract(document(text, "zh"))) == [], text


def test_en_purpose_without_its_comma():
    text = (
        "# SFDialogs.Dialog service\n\n## GetTextsFromL10N\n\nTo create a list of translatable "
        "strings in a dialog use the AddTextsFromDialog method from the L10N service."
    )
    [record] = ProsePurpose().extract(document(text, "en"))
    assert record["instruction"] == "How do I create a list of translatable strings in a dialog?"
    assert record["output"] == "Use the AddTextsFromDialog method from the L10N service."
    # "use of" is no imperative: the goal does not end there.
    assert list(ProsePurpose().extract(document("# x\n\nTo make use of caching.", "en"))) == []


def test_a_way_that_is_only_the_control_on_the_page_yields_nothing():
    text = "# x\n\n箭头是线条的一部分；要定义自定义箭头样式，请选择一个对象，然后点击此处。"
    assert list(ProsePurpose().extract(document(text, "zh"))) == []
