"""Help reference entries: a heading that names a control or function, and what it does.

Real examples:

- libreoffice-help-zh-cn, page 「字体效果」, section 「亚洲语言支持」, heading 「强调标记」:
  「选择要显示在选中整块文字上方或下方的字符。」 gives 「在 LibreOffice 的「字体效果 - 亚洲语言
  支持」中，「强调标记」有什么作用？」 → that paragraph.
- libreoffice-help-zh-cn, Calc page 「统计函数第一部分」, heading 「B」: 「返回一个二项式分布样本
  的概率。」 and, under 「语法」, 「B(Trials; SP; T1 [; T2])」 give 「LibreOffice Calc 的 B 函数
  有什么作用？」 → the description and the syntax.
- libreoffice-help-en-us, page "Font Effects", heading "Overline color": "Select the color
  for the overline." gives "What does “Overline color” do in LibreOffice's “Font Effects”?".

Reference pages describe a dialog, toolbar or function list one control per heading,
and the first paragraph under the heading says what the control does; that paragraph is
the answer. The product named in the question comes from the document's path (recipe
option ``products``: URI glob → name, first match wins); documents no glob names are
left alone, and so are pages matched by ``skip`` (how-to guides, whose sub-headings are
steps; "to access this command" lists; shortcut tables, taken by ``table-row``). A
capitalised heading is a function only when a 「语法」/"Syntax" line under it starts with
its name. Also left alone: headings that name no control (「示例」, "Syntax") or a topic
(「加载宏概念」, "Overview"), headings or page titles left in the other language (the user's
interface does not show them), and paragraphs that are not a description: in the other
language, cut short, a lead-in to a list, a purpose clause (left to ``purpose-method``), a
field label (「Text」: …) or what a pane contains.
"""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import NamedTuple

import regex

from zhiling import Block, Record, hookimpl
from zhiling.plugins.extractors._text import (
    CORNERS,
    HAN,
    OPTIONS_PATH,
    Pattern,
    blocks,
    corner_quoted,
    first_match,
    in_language,
    names_product,
    only_in,
    quotes_closed,
    source_uri,
    text_of,
)
from zhiling.plugins.extractors._ui_names import table, translate
from zhiling.plugins.extractors._words import (
    EN_ACTIONS,
    ZH_ACTIONS,
    base_verb,
    opens_with_subject,
    points_at_page,
    word_set,
    zh_for_me,
    zh_place_then_verb,
)
from zhiling.plugins.extractors.menu_path import path_items

LIBREOFFICE = {
    "*/text/swriter/*": "LibreOffice Writer",
    "*/text/scalc/*": "LibreOffice Calc",
    "*/text/simpress/*": "LibreOffice Impress",
    "*/text/sdraw/*": "LibreOffice Draw",
    "*/text/smath/*": "LibreOffice Math",
    "*/text/sbasic/*": "LibreOffice Basic",
    "*/text/sdatabase/*": "LibreOffice Base",
    "*/text/*": "LibreOffice",
}
# Index pages ("Menus", "Toolbars", the module's welcome page) only list other pages.
SKIP = ["*/guide/*", "*/00/*", "*/04/*", "*/main0000.html", "*/main0100.html", "*/main0200.html"]
# Pages that are themselves a menu, submenu or toolbar: the page title is where the
# control sits, so the page needs no "to access this command" list to say where it is.
PLACES = {
    "*/main01??.html": "menu",
    "*/main_*.html": "menu",
    "*/menu/*.html": "submenu",
    "*/main02??.html": "toolbar",
}
# The page's own directions to the dialog it describes: 「要访问此命令...」, "To access this
# command...", followed by one paragraph per way there.
HOW_TO_GET = regex.compile(r"^(?:要访问此(?:命令|功能)|To access this (?:command|function))")
MAX_DIRECTION = {"zh": 80, "en": 160}  # characters
# The buttons every dialog has: their descriptions say nothing of the dialog.
DIALOG_BUTTONS = regex.compile(
    r"^(?:确定|取消|帮助|重置|关闭|应用|上一步|下一步|完成|返回"
    r"|OK|Cancel|Help|Reset|Close|Apply|Back|Next|Finish|< Back|Next >)$"
)
# A way there opens with what the user does or where: "Choose Format - Cells", "Open
# context menu…", 「选择「格式 - 单元格」」; other paragraphs in that list describe the page.
ZH_DIRECTION_VERBS = ("选择", "打开", "单击", "点击", "双击", "右击", "在", "从", "按")
DIRECTION = regex.compile(
    rf"^(?:{'|'.join(ZH_DIRECTION_VERBS)}|菜单"
    r"|(?:Choose|Open|Click|Double-click|Right-click|Select|On|In|From|Menu|Press|Go to)\b)"
    # 「「表格数据」栏上的「查找记录」图标。」, 「插入 - 字段」: a bar, icon or menu path named.
    r"|^(?=.*「[^」]+ - [^」]+」)|^(?=.*」(?:图标|栏|工具栏|按钮))"
)
TAB_WAY = regex.compile(r"\btab\b|选项卡")
# Control names many dialogs share: what such a control does depends on its dialog.
SHARED_NAMES = {
    "en": frozenset(
        "Delete|Add|New|Edit|Remove|Undo|Redo|Options|Browse|Insert|Select|Update|Save|Modify"  # noqa: SIM905
        "|Area|Alignment|Properties|Default|Reset|Rename|Import|Export|Load|Apply|Clear"
        "|Move Up|Move Down|Up|Down|Select All|Delete All|Remove All".split("|")
    ),
    "zh": frozenset(
        "删除|添加|新建|编辑|移去|撤消|撤销|恢复|重做|选项|浏览|插入|选择|更新|保存|修改|区域|对齐"  # noqa: SIM905
        "|属性|默认|重置|重命名|导入|导出|载入|加载|应用|清除|上移|下移|向上|向下|全选"
        "|全部删除|全部移去".split("|")
    ),
}
# 「要定义替换格式，请在「替换」框中点击…」: how to reach a sub-dialog of another page, whose
# controls a question without that page's name would misplace (2.0.0: 「单击要定义…」).
PURPOSE_LED = regex.compile(r"^(?:要|若要|如要|如需|为了|To )")
# Terms that name a statement, function or object of a programming interface (LibreOffice
# Basic, ScriptForge): code has no place in the user interface to point to.
CODE_TERM = regex.compile(
    r"(?:语句|函数|运算符|对象|服务|方法|常量|Statement|Function|Operator|Object|Service"
    r"|Method|Constants?)(?: \[VBA\])?$"
)
GENERIC = regex.compile(
    r"^(?:示例|例子|语法|参数|返回值|错误代码|注意|注释|提示|另请参[阅见]|参见|相关主题|技术信息"
    r"|Examples?|Syntax|Parameters?|Return value|Error codes?|Notes?|Tips?|See also"
    r"|Related topics|Technical information|Warning|Usage)\s*[:：]?$",
    regex.I,
)
# Sections that explain a topic rather than a control: 「加载宏概念」, "The Add-In Concept".
TOPIC = regex.compile(
    r"概念|概述|简介|常规信息|\bConcepts?\b|\bOverview\b|\bIntroduction\b|General information",
    regex.I,
)
# "The Accessibility Check dialog", "Icon on the Insert toolbar", 「图标」: a heading that
# describes a picture or a dialog in a sentence, not the name of a control.
NOT_A_CONTROL = regex.compile(r"^(?:The |Icon\b|图标)")
SYNTAX = regex.compile(r"^(?:语法|Syntax)\s*[:：]?$", regex.I)
FUNCTION = regex.compile(r"^[A-Z][A-Z0-9_.]*$")
# A Basic keyword and what it is: "CCur Function", "On Error GoTo ... Resume Statement",
# 「Eof 函数」.
CODE_NAME = regex.compile(
    r"^(?P<name>[A-Za-z][\w.$ ]*?) (?P<kind>Statement|Function|Operator|Object|Service|Method"
    r"|语句|函数|运算符|对象|服务|方法)(?: \[VBA\])?$"  # 「IRR 函数 [VBA]」: the tag goes
)
# "To access this command…" opens a list of menu paths; 「以下函数…」 introduces a list; a
# purpose clause (「要创建…，请…」) makes the paragraph a how-to, left to purpose-method; a
# note (「请注意…」, "Note: …") qualifies the control without saying what it does.
LEAD_IN = regex.compile(
    r"^(?:要|若要|如要|如需|以下|下列|下面|请注意|注意|To |The following|Note\b|Please note)",
    regex.I,
)
# 「Text」: …, "Input Range: …": the paragraph defines a field inside the section instead.
LABEL = regex.compile(r"^[^:：。.]{1,30}[:：]\s*\S")
# 「当选择「字母顺序索引」作为索引类型时，可使用下列选项。」: the options follow, not a description.
LIST_AHEAD = regex.compile(
    r"(?:下列|以下|下面的)(?:选项|设置|命令)[。:：]$|the following (?:options|settings)[.:]$"
)
# What a pane or bar holds (「工具栏中包含了常用的功能」, "The toolbar contains…") describes a
# container, not what a control does.
CONTAINER = regex.compile(r"^[^，。,.]*?(?:中包含|中包括|中都有|都有|\bcontains?\b|\bincludes?\b)")
LATIN = regex.compile(r"[A-Za-z]{2}")
MIN_LENGTH = {"zh": 6, "en": 12}
MAX_TERM = {"zh": 16, "en": 6}  # characters for Chinese, words for English: longer is a sentence
ENDS = ("。", "．", ".", "！", "!", "？", "?", "）", ")", "」", "”", '"', "…")
STARTS = regex.compile(r"^[\p{L}\p{N}「“(（]")
MAX_MORE, MAX_ANSWER = 8, 700
SHORT_CONTEXT = {"zh": 6, "en": 16}  # characters
# The first sentence: up to a full stop that ends it (not "e.g." or "1.5").
FIRST_SENTENCE = regex.compile(r"^(.+?)(?:[。！；;]|\.(?=\s|$)|$)", regex.S)
# Openers that only say the control lets the user act: the goal follows them.
EN_ENABLER = regex.compile(
    r"^(?:(?:Click|Click here|Use this (?:icon|button|command|option|dialog)) to"
    r"|(?:Allows|Lets|Enables) you to|(?:Allows|Lets) you"
    r"|(?:Enable|Select|Check|Mark)(?: this (?:check ?box|box|option))? to)\s+",
    regex.I,
)
ADVERBS = ("automatically", "quickly")
# The user asks for themselves: "select a size format for your business card" is asked as
# "… for my business card".
EN_YOUR = regex.compile(r"\byour\b")
EN_YOU_WANT = regex.compile(
    r"\b(?:you (want|need|wish)|(that|which|where|when|if|while|as|before|after|until) you"
    r"(?P<are> are\b|'re\b)?|(allows?|lets?|enables?|helps?) you)\b"
)
# Verbs descriptions open with beyond the how-to verbs of other patterns.
EN_GOAL_VERBS = word_set("activate declare determine draw enter flip include locate store")
ZH_EXTRA_VERBS = ("绘制", "减小", "增大", "防止", "确认", "找到", "自动", "用于")
# "Displays or hides rulers": the second verb takes the base form too.
EN_SECOND_VERB = regex.compile(r"\b((?:or|and) )(\w+s)\b")
# Verbs a description opens with that make a how-to goal (not 「在」「为」: a place or a
# beneficiary opens a sentence that is no goal).
ZH_GOAL_VERBS = (
    tuple(
        verb
        for verb in ZH_ACTIONS
        if verb not in ("在", "从", "向", "对", "为", "以", "使", "随", "只", "按", "点击", "单击")
    )
    + ZH_EXTRA_VERBS
)
# 「为选中的对象指定…」「在当前光标位置插入…」: a beneficiary, place or basis, then the verb.
ZH_PLACE_FIRST = zh_place_then_verb("为|在|对|根据", ZH_GOAL_VERBS, "，。：；「」")
# A way that ends on the verb: the icon to click follows as an image and its name.
CLICK_LAST = regex.compile(r"(?:点击|单击|\b[Cc]lick)$")
MAX_LABEL = {"zh": 16, "en": 40}
# 「打开「图表区域」对话框，您可以在其中修改…」, "Opens a dialog, where you can …": what
# the opened page offers, which the answer keeps and the question need not repeat.
ZH_WHAT_YOU_CAN_THERE = regex.compile(
    r"[，,]\s*(?:您|你)?(?:可以?在其中|可在该|在其中|在此对话框中)"
)
EN_WHAT_YOU_CAN_THERE = regex.compile(r",\s*(?:where|in which|from which) you can\b")
EN_THEN = regex.compile(r",?\s+(?:and then|or (?:click|press|choose|select))\b")
ZH_WHEN = regex.compile(r"^[^，,。「」]{1,12}?(?:时|后|之后|以后)[，,]")
ZH_THEN = regex.compile(r"[，,]\s*(?:然后|再)")
# 「您可以…」「请输入…」: the goal follows.
ZH_YOU_CAN = regex.compile(r"^(?:您可以|你可以|可以|请)")
# 「允许您指定…」: what the control lets the user do is the goal (2.0.0 asked 「如何允许您…」).
ZH_ALLOWS_YOU = regex.compile(r"^(?:允许|使|让)(?:您|你|用户)(?:可以|能够)?")
# 「使用此功能可以修改…」: the goal follows the opener.
ZH_ENABLER = regex.compile(
    r"^(?:(?:使用|通过|利用)(?:此|该)(?:功能|命令|图标|选项|按钮)|(?:点击|单击)此(?:处|图标|按钮))"
    r"(?:可以|可|来|以)?"
)


class HelpEntry(Pattern):
    """Turn each control or function of a help reference page into a "what does it do" pair."""

    name = "help-entry"
    version = "0.14.0"
    languages = ("zh", "en")

    def __init__(
        self,
        *,
        products: dict[str, str] | None = None,
        skip: list[str] | None = None,
        places: dict[str, str] | None = None,
        require_place: bool = False,
        ui_names: str | None = None,
    ) -> None:
        self.products = dict(LIBREOFFICE if products is None else products)
        self.skip = list(SKIP if skip is None else skip)
        self.places = dict(PLACES if places is None else places)
        # A control answered without where it is ("Use “Find”: Finds your Hangul input…")
        # leaves the reader to guess the dialog: with this set, such entries are dropped.
        self.require_place = require_place
        # A shipped English → Chinese table of interface names (``_ui_names``): a Chinese
        # page whose access list was left in English quotes the path translated by it.
        self.ui_names = table(ui_names) if ui_names else {}

    def pairs(self, document: Record, lang: str) -> Iterator[Record]:
        uri = source_uri(document)
        product = self._product(uri)
        if product is None:
            return
        found = blocks(document)
        page_kind = first_match(uri, self.places)
        title = next((block for block in found if block["kind"] == "heading"), None)
        directions = None if page_kind else _directions(document, found, lang, self.ui_names)
        product = product if directions is None else only_in(directions.line, product)
        for index, block in enumerate(found):
            term = text_of(document, block).strip().rstrip("。.")
            path = block.get("heading") or []
            if block["kind"] != "heading" or not path or not self._names_control(term, lang):
                continue
            if DIALOG_BUTTONS.match(term):
                continue
            below = _under(found, index + 1, len(path) + 1)
            if not below or below[0]["kind"] != "paragraph":
                continue
            answer = _here_named(text_of(document, below[0]).strip(), term, lang)
            if not answer or not self._describes(document, below[0], answer, lang):
                continue
            more = _more(document, below, lang)
            function = FUNCTION.match(term) is not None
            syntax = _syntax(document, below, term) if function else None
            context = "" if function else _context(path, term, lang)
            if (function and syntax is None) or (not function and not context):
                continue
            if not function and (term in context or context in ("LibreOffice", product)):
                # "What does “Open” do in “Open”?", 「「XY (散点图)」在「图表类型 XY (散点图)」
                # 中」, "in LibreOffice's “LibreOffice”": the page names nothing more.
                context = ""
            spans = [(block["start"], block["end"]), (below[0]["start"], below[0]["end"])]
            if syntax is not None:
                answer += f"\n{'语法' if lang == 'zh' else 'Syntax'}: {text_of(document, syntax)}"
                spans.append((syntax["start"], syntax["end"]))
            else:
                for extra in more:
                    answer += "\n" + text_of(document, extra).strip()
                    spans.append((extra["start"], extra["end"]))
            goal = None if function else _goal(text_of(document, below[0]).strip(), lang)
            place = None
            if not function:
                place = _place(page_kind, path, term, title, lang) if page_kind else directions
                if place is None and self.require_place and not CODE_TERM.search(term):
                    continue
            qualified = None
            if goal is not None:
                if page_kind is not None and place is not None:
                    question = _which(product, goal, lang, page_kind)
                    qualified = _which(product, goal, lang, page_kind, _page(context))
                else:
                    where = place is not None and WHERE_GOAL[lang].match(goal) is not None
                    question = _how(product, goal, lang, where=where)
                    if context and context != term:
                        page = _page(context)
                        kind = page_kind or _dialog_or_settings(place)
                        qualified = _how(product, goal, lang, page, kind, where=where)
                if qualified and term in SHARED_NAMES[lang]:
                    # A control named like those of many dialogs is asked in its own: 2.0.0
                    # asked "How do I reverse the action of the last Undo command in
                    # LibreOffice Writer?" and answered with the Contour Editor's "Redo".
                    question, qualified = qualified, None
                if place is None:
                    answer = _use(context, term, lang) + answer
                else:
                    answer = _directed(place, term, answer, lang)
            elif function or context:
                question = _question(product, context, term, lang)
                if place is not None:
                    answer += "\n" + _finding(term, place, lang)
            else:
                continue
            closed = all(quotes_closed(text, CORNERS) for text in (question, answer))
            if lang == "zh" and not closed:
                # The Chinese help misplaces a quote now and then (「选择「将结果复制到复选框」):
                # the question or answer built around it reads garbled to a reader of 2.0.0.
                continue
            if place is not None and place.span is not None:
                spans.append(place.span)
            yield self.record(document, question, answer, spans, qualified)

    def _product(self, uri: str) -> str | None:
        if any(fnmatchcase(uri, pattern) for pattern in self.skip):
            return None
        return first_match(uri, self.products)

    @staticmethod
    def _names_control(term: str, lang: str) -> bool:
        if not term or len(term) > 40 or term.endswith(("：", ":")):
            return False
        if GENERIC.match(term) or TOPIC.search(term) or NOT_A_CONTROL.match(term):
            return False
        if FUNCTION.match(term):
            return True
        if lang == "zh":
            return _written_in(term, lang) and len(term) <= MAX_TERM["zh"]
        words = term.split()
        if len(words) > 1 and words[0].endswith("ing") and base_verb(words[0]) in EN_ACTIONS:
            return False  # "Inserting a new table" names a task: a guide section
        return _written_in(term, lang) and len(words) <= MAX_TERM["en"]

    @staticmethod
    def _describes(document: Record, block: Block, answer: str, lang: str) -> bool:
        return (
            in_language(document, block, lang)
            and len(answer) >= MIN_LENGTH[lang]
            and answer.endswith(ENDS)
            and bool(STARTS.match(answer))
            and not LEAD_IN.match(answer)
            and not CONTAINER.match(answer)
            and not LABEL.match(answer)
            and not LIST_AHEAD.search(answer)
        )


SUBMENU = regex.compile(r"\s*(?:Submenu|子菜单)$")


class Place(NamedTuple):
    """Where a control sits, as a sentence the answer can open with."""

    line: str  # "Choose Format - Page Style - Footnote tab."
    names_term: bool  # the line already ends at the control ("Choose View - Slide Pane.")
    span: tuple[int, int] | None  # the text it was read from
    home: str | None = None  # the bar or submenu the control sits on: 「「框架栏」上」


def _directions(
    document: Record, found: list[Block], lang: str, names: dict[str, str]
) -> Place | None:
    """Return the page's first way to its dialog written in ``lang``, if it gives one.

    The paragraphs after 「要访问此命令...」 name the menu path, one way each; the Chinese
    pages leave some of them in English, which a Chinese answer cannot quote as is: such a
    line is used only when ``names`` translates every name on its path.
    """
    for index, block in enumerate(found):
        if block["kind"] == "heading" and index > 0:
            return None
        if HOW_TO_GET.match(text_of(document, block).strip()):
            break
    else:
        return None
    translated = None
    ways = found[index + 1 :]
    for position, block in enumerate(ways):
        if block["kind"] == "heading":
            break
        line = " ".join(text_of(document, block).split())
        if CLICK_LAST.search(line):  # "On the Tools bar, click", then the icon, then its name
            label = _icon_label(document, ways[position + 1 : position + 2], lang)
            if label is None:
                continue
            line = f"{line}{corner_quoted(label)}" if lang == "zh" else f"{line} “{label}”"
        if lang == "zh" and names and translated is None:
            chinese = translate(line, names)
            if chinese is not None:
                translated = Place(
                    _module_first(chinese, lang), False, (block["start"], block["end"])
                )
        if in_language(document, block, lang) and _is_direction(line, lang):
            line = line.rstrip(":：")
            if not line.endswith(("。", ".", "！", "!")):
                line += "。" if lang == "zh" else "."
            if (
                lang == "zh"
                and not line.startswith(ZH_DIRECTION_VERBS)
                and regex.search("图标|按钮", line)
            ):
                line = "单击" + line  # 「「表格数据」栏上的「查找记录」图标。」 names what to click
            return Place(_module_first(line, lang), False, (block["start"], block["end"]))
    return translated


# The help marks a way that holds in one kind of document after its path: 「选择「格式 - 格式选择
# - 数据序列 - 选项」选项卡 (图表)。」, "Choose Insert - Legend (Charts)." Readers of 2.0.0
# took 「(图表)」 at the end of an answer for page debris; said first, it is where to be.
MODULE_MARK = {
    "zh": regex.compile(r"\s*[(（](?P<kind>图表)[)）](?P<end>。?)$"),
    "en": regex.compile(
        r"\s*\((?P<kind>Charts|chart documents|drawing documents|Writer)\)(?P<end>\.?)$"
    ),
}
MODULE_LEAD = {
    "图表": "在图表中，",
    "Charts": "In a chart, ",
    "chart documents": "In a chart, ",
    "drawing documents": "In a drawing, ",
    "Writer": "In Writer, ",
}


def _module_first(line: str, lang: str) -> str:
    """Return a way with its document-kind mark moved from the end to the front."""
    found = MODULE_MARK[lang].search(line)
    if found is None:
        return line
    way = line[: found.start()] + found["end"]
    if lang == "en":
        way = way[:1].lower() + way[1:]
    return MODULE_LEAD[found["kind"]] + way


# "Click here, and then drag the handles": on a control's own entry "here" is the control,
# which an answer read without the page must name. A sentence that sends the reader here
# for a list or more information (「如果需要…列表，请点击此处。」) is a link and goes.
HERE_LINK = {
    "zh": regex.compile(r"[^。！？]*(?:列表|信息|详细|更多)[^。！？]*(?:点击|单击)此处。\s*"),
    "en": regex.compile(r"[^.!?]*\b(?:list|information|details|more)\b[^.!?]*\b[Cc]lick here\.\s*"),
}
HERE = {"zh": regex.compile(r"(点击|单击)此处"), "en": regex.compile(r"\b([Cc]lick) here\b")}


def _here_named(answer: str, term: str, lang: str) -> str:
    """Return a control's description with "click here" naming the control, links dropped."""
    answer = HERE_LINK[lang].sub("", answer).strip()
    name = corner_quoted(term) if lang == "zh" else f" “{term}”"
    return HERE[lang].sub(lambda found: found.group(1) + name, answer)


def _finding(term: str, place: Place, lang: str) -> str:
    """Return the sentence that ends a lookup answer with where the control is.

    2.0.0 wrote 「位置：选择…」, which readers took for a label left over from the page; the
    sentence names the control instead: 「要找到「分布」，请选择「工作表 - 填充单元格 - 随机数」。」
    """
    if lang == "en":
        return "To get there: " + place.line
    if place.home:  # 「要找到「边框」，请在「框架栏」上单击「边框」」 said the name twice
        return f"{corner_quoted(term)}位于{place.home}。"
    way = regex.sub(r"^(在[^，]{1,8}中)，", r"\1", place.line.removeprefix("请"))
    return f"要找到{corner_quoted(term)}，请{way}"


def _ends_at(line: str, term: str, lang: str) -> bool:
    """Return whether a way's menu path ends at the control itself.

    「选择「视图 - 母版幻灯片」」 then 「然后用「母版幻灯片」切换…」 named the control twice,
    which a reader of 2.0.0 marked as template filler; such a way names the control.
    """
    items, tab = path_items(line, lang)
    last = items[-1].removesuffix(" tab") if tab and lang == "en" else items[-1] if items else ""
    return len(items) > 1 and last == term


def _icon_label(document: Record, following: list[Block], lang: str) -> str | None:
    """Return the name printed under the icon a "click" line points at, if the next block is one.

    The help draws the icon as an image and its name as the next table cell: 「在「工具」栏上，
    点击」 [icon] 「自动格式」. Without the name the answer would say "click." and stop.
    """
    for block in following:
        label = " ".join(text_of(document, block).split())
        if (
            block["kind"] == "paragraph"
            and 0 < len(label) <= MAX_LABEL[lang]
            and in_language(document, block, lang)
            and not label.endswith(("。", ".", "：", ":"))
        ):
            return label
    return None


def _is_direction(line: str, lang: str) -> bool:
    """Return whether a line of the "to access" list says where to go, not what is there.

    A Chinese way names the menu or control in 「」; a longer line ("在列表框中，用户可从
    列表内…") describes the page instead.
    """
    if not DIRECTION.match(line) or PURPOSE_LED.match(line) or len(line) < 6:
        return False
    if lang == "zh":
        return "「" in line and len(line) <= MAX_DIRECTION["zh"]
    return len(line) <= MAX_DIRECTION["en"]


def _place(kind: str, path: list[str], term: str, title: Block | None, lang: str) -> Place | None:
    """Return where a command of a menu, submenu or toolbar page is: the page is the place."""
    where = [name for name in path if not GENERIC.match(name)]
    if not where or not all(_written_in(name, lang) for name in where):
        return None
    span = None if title is None else (title["start"], title["end"])
    if kind == "toolbar":
        bar = " - ".join(where)
        if lang == "zh":
            home = f"{corner_quoted(bar)}上"
            return Place(f"在{home}单击{corner_quoted(term)}。", True, span, home)
        return Place(f"Click “{term}” on the {_bar(bar)}.", True, span)
    if kind == "submenu":
        # The page title "Forms Submenu" would read "In the Forms Submenu submenu".
        menu = " - ".join(SUBMENU.sub("", name) for name in where)
        if lang == "zh":
            home = f"{corner_quoted(menu)}子菜单中"
            return Place(f"在{home}选择{corner_quoted(term)}。", True, span, home)
        return Place(f"In the {menu} submenu, choose {term}.", True, span)
    menu = " - ".join([*where, term])
    return Place(f"选择{corner_quoted(menu)}。" if lang == "zh" else f"Choose {menu}.", True, span)


def _directed(place: Place, term: str, answer: str, lang: str) -> str:
    """Return a how-to answer that says where the control is, then what it does.

    The description opens with the verb the question was made from, so it joins the
    directions as a clause: "… Then use “Protect”, which prevents the selected section
    from being edited." / 「…，然后用「保护」防止编辑选中的区域。」 A value is given in its
    control: 「…，然后在「宽度」中输入选中列的宽度。」 (2.0.0 wrote 「然后使用「宽度」：请输入
    …」, a label and a colon that a reader took for a template 1,895 times.)
    """
    if lang == "zh":
        lead = place.line[:-1] + "，" if place.line.endswith("。") else place.line
        clause = ZH_YOU_CAN.sub("", ZH_ENABLER.sub("", answer))
        if WHERE_GOAL["zh"].match(clause) or ZH_ENTER.match(clause):
            if place.names_term:
                return f"{lead}可以{clause}"
            return f"{lead}然后在{corner_quoted(term)}中{clause}"  # the field of its dialog
        if place.names_term or _ends_at(place.line, term, lang):
            return f"{lead}可以{clause}"
        return f"{lead}然后用{corner_quoted(term)}{clause}"
    enabled = EN_ENABLER.sub("", answer)
    words = enabled.split(maxsplit=2)
    verb = words[1] if len(words) > 1 and words[0].lower() in ADVERBS else words[0]
    third_person = base_verb(verb) != verb.lower()
    clause = enabled[:1].lower() + enabled[1:]
    ends = _ends_at(place.line, term, lang) and not WHERE_GOAL["en"].match(clause)
    if place.names_term or ends:
        sentence = enabled[:1].upper() + enabled[1:]  # "edit a selected OLE object …"
        return f"{place.line} {'It ' + clause if third_person else sentence}"
    joined = f", which {clause}" if third_person else f" to {clause}"
    return f"{place.line} Then use “{term}”{joined}"


def _more(document: Record, below: list[Block], lang: str) -> list[Block]:
    """Return the list items right after the first paragraph: the choices or steps it lists.

    Further paragraphs are left out: on the labelled pages they add a remark or a
    condition more often than the description (measured: taking them cost the pattern
    precision 0.943 → 0.868 in English). At most ``MAX_MORE`` items and ``MAX_ANSWER``
    characters in all.
    """
    kept: list[Block] = []
    total = len(text_of(document, below[0]))
    for block in below[1 : 1 + MAX_MORE]:
        text = text_of(document, block).strip()
        if block["kind"] != "list_item" or not in_language(document, block, lang):
            break
        if LEAD_IN.match(text) or LABEL.match(text) or not text.endswith(ENDS):
            break
        total += len(text)
        if total > MAX_ANSWER:
            break
        kept.append(block)
    return kept


def _goal(description: str, lang: str) -> str | None:
    """Return the goal a description's first sentence states, as a user would ask it.

    "Hides the selected sheets." gives "hide the selected sheets"; 「隐藏选定的工作表。」
    gives 「隐藏选定的工作表」. A sentence that does not open with an action verb (a noun
    phrase, a condition) gives None: the question then stays a lookup.
    """
    sentence = FIRST_SENTENCE.match(description)
    if sentence is None:
        return None
    text = sentence.group(1).strip()
    if lang == "zh":
        text = ZH_ALLOWS_YOU.sub("", ZH_YOU_CAN.sub("", ZH_ENABLER.sub("", text)))
        place = ZH_PLACE_FIRST.match(text)
        head = text[place.end() :] if place else text
        opener = next((verb for verb in ZH_GOAL_VERBS if head.startswith(verb)), None)
        text = ZH_THEN.split(text)[0]  # 「…选项，然后点击「确定」」: the goal is before it
        text = ZH_WHAT_YOU_CAN_THERE.split(text)[0]  # 「打开…对话框，您可以在其中…」
        if opener is None or not 4 <= len(text) <= 50 or "：" in text or "「" in text[:1]:
            return None
        if ZH_WHEN.match(text) or points_at_page(text, lang):  # 「标记时，指定…」: when, not what
            return None
        text = text[2:] if opener == "用于" and not place else text  # 「用于插入…」
        return zh_for_me(text)  # the user asks: 「输入您要插入的代码」 → 「我要插入的」
    text = EN_WHAT_YOU_CAN_THERE.split(EN_ENABLER.sub("", text))[0]
    text = EN_THEN.split(text)[0]  # "…, and then click the left arrow button": a next step
    words = text.split()
    adverb = ""
    if len(words) > 2 and words[0].lower() in ADVERBS:
        adverb, words = words[0].lower() + " ", words[1:]
    if not 2 <= len(words) <= 24 or ":" in text:
        return None
    verb = base_verb(words[0])
    known = verb in EN_ACTIONS or verb in EN_GOAL_VERBS
    # "Click the arrow next to the icon to open…" says which button, not what it is for.
    if not known or verb in ("do", "go", "make", "get", "use", "tell", "click", "press"):
        return None
    if points_at_page(text, lang):  # "mark this check box if …" needs the page
        return None
    if opens_with_subject(" ".join(words)):
        return None  # "Search starts at …", "List of the conditions …": a noun, not a verb
    if not quotes_closed(text):
        return None
    rest = EN_SECOND_VERB.sub(_second_verb, " ".join(words[1:]))
    rest = EN_YOU_WANT.sub(_for_me, EN_YOUR.sub("my", rest))
    return f"{adverb}{verb} {rest}"


def _for_me(match: regex.Match[str]) -> str:
    """Ask for oneself: "you want" → "I want", "while you type" → "while I type".

    "lets you" becomes "lets me": the user is the object there. The verb after a new "I"
    agrees with it: "if you are working" is "if I am working" (2.0.0 said "if I are").
    """
    if match.group(4):
        return f"{match.group(4)} me"
    if match.group(1):
        return f"I {match.group(1)}"
    agreed = {" are": " am", "'re": "'m"}.get(match["are"] or "", "")
    return f"{match.group(2)} I{agreed}"


def _second_verb(match: regex.Match[str]) -> str:
    """Put a verb joined by "and"/"or" in the base form: "… and sets it" → "… and set it".

    Right after the first verb ("reduces or enlarges") the word is a verb whatever it is;
    further on only a known verb is changed ("… and Settings" stays).
    """
    verb = base_verb(match.group(2))
    known = verb in EN_ACTIONS or verb in EN_GOAL_VERBS or match.start() == 0
    return match.group(1) + (verb if known else match.group(2))


def _dialog_or_settings(place: Place | None) -> str | None:
    """Return what a page reached by its way is: a "tab", a "dialog", or None for settings.

    Outside the options tree a page's title names a dialog ("Contour Editor") or one of its
    tabs ("Footnote"), not a page of settings: "in the “Form Navigator” settings of
    LibreOffice" read oddly to the readers of 2.0.0 drafts.
    """
    if place is None or OPTIONS_PATH.search(place.line):
        return None
    return "tab" if TAB_WAY.search(place.line) else "dialog"


def _how(
    product: str,
    goal: str,
    lang: str,
    context: str = "",
    kind: str | None = None,
    *,
    where: bool = False,
) -> str:
    """Ask how to reach a goal in a product, and in which page of it when ``context`` is given.

    The page is named only where the plain question has two answers (see ``one-answer``).
    A goal of entering or choosing a value is asked where to do it (``where``): "Where do I
    enter the font size for the Ruby text in LibreOffice Writer?", which the answer's
    dialog and control answer.
    """
    if lang == "zh":
        ask = "，在哪里" if where else "如何"
        if not context:
            return f"在 {product} 中{ask}{goal}？"
        at = {"menu": "菜单中", "submenu": "子菜单中", "toolbar": "上"}.get(kind or "", "中")
        return f"在 {product} 的{corner_quoted(context)}{at}{ask}{goal}？"
    asked = "Where" if where else "How"
    if not context:
        return (
            f"{asked} do I {goal}?"
            if names_product(goal, product)
            else f"{asked} do I {goal} in {product}?"
        )
    if kind == "toolbar":
        return f"How do I {goal} on the {_bar(context)} in {product}?"
    if kind in ("menu", "submenu"):
        return f"How do I {goal} from the {context} {kind} in {product}?"
    noun = kind if kind in ("dialog", "tab") else "settings"
    return f"{asked} do I {goal} in the “{context}” {noun} of {product}?"


# Goals of giving a value: 「输入…」「指定…」, "enter …", "specify …" — asked where.
WHERE_GOAL = {
    "zh": regex.compile(r"^(?:输入|指定|设置|设定|定义|选择)"),
    "en": regex.compile(r"^(?:enter|specify|set|select|define|choose|type) "),
}
# Further value verbs that read 「在「X」中键入…」 in an answer but were never asked where.
ZH_ENTER = regex.compile(r"^(?:键入|选取|确定|填写)")
CONTROL_NOUNS = {
    "zh": {"menu": "菜单命令", "submenu": "菜单命令", "toolbar": "工具栏按钮"},
    "en": {"menu": "menu command", "submenu": "menu command", "toolbar": "toolbar button"},
}


def _which(product: str, goal: str, lang: str, kind: str, context: str = "") -> str:
    """Ask which command of a menu or button of a toolbar serves a goal.

    A menu or toolbar page lists commands: "Which menu command in LibreOffice Impress
    lets me switch the Slide Pane on and off?" is what a user who knows the goal asks.
    ``context`` (the menu or bar) qualifies it where the plain question has two answers.
    """
    noun = CONTROL_NOUNS[lang][kind]
    if context:  # "the View menu" says it is a menu: "which command of the View menu"
        noun = noun[-2:] if lang == "zh" else noun.split()[-1]
    if lang == "zh":
        where = f"{product} 的{corner_quoted(context)}中" if context else f"{product} 中"
        return f"在 {where}，哪个{noun}可以{goal}？"
    where = f"the {context} {kind} of {product}" if context and kind != "toolbar" else product
    if context and kind == "toolbar":
        where = f"the {_bar(context)} of {product}"
    return f"Which {noun} in {where} lets me {goal}?"


def _page(context: str) -> str:
    """Return the page title of a context: a question names the dialog, not its inner path.

    「在 LibreOffice 的「文档 - 文档中的目标 - 其他设置」中…」 read as a path to a reader;
    「在 LibreOffice 的「文档」中…」 names the dialog they open.
    """
    return context.split(" - ")[0]


def _bar(name: str) -> str:
    return name if name.lower().endswith("bar") else f"{name} bar"


def _use(context: str, term: str, lang: str) -> str:
    """Return the answer's opening: which control does what the user asked, and where.

    The place is named only when short (a menu, a bar): a long dialog path would outweigh
    a one-line description.
    """
    code = CODE_NAME.match(term)
    if code is not None:
        # "Use “CCur Function” in “Variables”" named a help category as if it were a place.
        return f"使用 {_code(code, lang)}：" if lang == "zh" else f"Use the {_code(code, lang)}: "
    short = len(context) <= SHORT_CONTEXT[lang] and context != term
    if lang == "zh":
        return (
            f"使用{corner_quoted(context)}中的{corner_quoted(term)}："
            if context and short
            else f"使用{corner_quoted(term)}："
        )
    return f"Use “{term}” in “{context}”: " if context and short else f"Use “{term}”: "


def _under(found: list[Block], start: int, depth: int) -> list[Block]:
    """Return the blocks from ``start`` on that sit inside the section of depth ``depth``."""
    end = start
    while end < len(found) and len(found[end].get("heading") or []) >= depth:
        end += 1
    return found[start:end]


def _syntax(document: Record, below: list[Block], term: str) -> Block | None:
    """Return the call syntax under a function heading's 「语法」/"Syntax" sub-heading."""
    for index, block in enumerate(below[:-1]):
        if block["kind"] == "heading" and SYNTAX.match(text_of(document, block).strip()):
            following = below[index + 1]
            return following if text_of(document, following).startswith(f"{term}(") else None
    return None


def _context(path: list[str], term: str, lang: str) -> str:
    """Return the page title and enclosing sections written in ``lang``, joined by " - ".

    A page whose title was left in the other language gives none: the question would
    name a dialog the reader's interface does not show.
    """
    if not _written_in(path[0], lang):
        return ""
    kept = [
        SUBMENU.sub("", title)
        for title in path
        if _written_in(title, lang) and not GENERIC.match(title)
    ]
    kept = [title for i, title in enumerate(kept) if i == 0 or title != kept[i - 1]]
    if len(kept) > 1 and kept[-1] == term:  # a section named after its only control
        kept.pop()
    return " - ".join(kept)


def _written_in(title: str, lang: str) -> bool:
    if lang == "zh":
        return bool(HAN.search(title))
    return bool(LATIN.search(title)) and not HAN.search(title)


def _code(code: regex.Match[str], lang: str) -> str:
    """Return a Basic keyword as an answer names it: "`CCur` function", 「`Eof` 函数」."""
    kind = code["kind"] if lang == "zh" else code["kind"].lower()
    return f"`{code['name']}` {kind}"


def _question(product: str, context: str, term: str, lang: str) -> str:
    """Ask about a control within its dialog, or about a function (no context) by name.

    A Basic keyword is asked by name, not in its help category: 「在 LibreOffice Basic 的「转换
    时间值」中，「Second 函数」有什么作用？」 read as depending on the page.
    """
    code = CODE_NAME.match(term)
    if code is not None:
        if lang == "zh":
            return f"{product} 的 {code['name']} {code['kind']}有什么作用？"
        return f"What does the {_code(code, lang)} do in {product}?"
    if lang == "zh":
        if not context:
            return f"{product} 的 {term} 函数有什么作用？"
        return f"在 {product} 的{corner_quoted(context)}中，{corner_quoted(term)}有什么作用？"
    if not context:
        return f"What does the {term} function do in {product}?"
    return f"What does “{term}” do in {product}'s “{context}”?"


@hookimpl
def register_extractors(register):
    register("help-entry", HelpEntry)
