"""Menu paths: 「选择「格式 - 列 - 显示」。」 under a page title becomes "how do I open it".

Real examples:

- libreoffice-help-zh-cn, page 「显示」: 「选择「格式 - 列 - 显示」。」
- libreoffice-help-zh-cn: 「选择「工具 - 方案」。将显示「创建方案」对话框。」
- libreoffice-help-en-us, page "Check for Updates": "Choose Help - Check for Updates to
  check manually."
- gimp-help-en, "Activating the filter" under "Whirl and Pinch": "You can find this filter
  through Filters → Distorts → Whirl and Pinch…"

The instruction comes from the page or section title (the parent title when the section
is GIMP's "Activating the …"); a title that names a task is asked as a task (「如何运行幻灯片
放映？」), a short command name of a program as a command to find (「「缩小」命令在哪里？」), a
page of the options dialog as options to open (「如何打开「视图」选项？」), any other as a
thing to open (「如何打开「字数统计」？」). The response is the
paragraph from the sentence with the path on. Left alone: menu index pages (「工具菜单」,
"Tools Menu"), numbered book sections (「5. 贡献」) and access notes ("To access this
function..."), which are no menu entries, "see also" lines, bare path lists, sentences
led by a purpose clause (left to ``purpose-method``), paragraphs in the other language,
and paths whose last item names neither the title's object nor an English title's word
(「如何删除工作表？」 → 「工作表 - 删除单元格」, a translation error in the source).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import regex

from zhiling import Record, hookimpl
from zhiling.plugins.extractors._text import (
    OPTIONS_PATH,
    Pattern,
    blocks,
    corner_quoted,
    first_word,
    in_language,
    in_product,
    only_in,
    product_of,
    sentences,
    text_of,
)
from zhiling.plugins.extractors._words import EN_ACTIONS, ZH_ACTIONS, base_verb, is_pointer

ZH_PATH = regex.compile(r"「[^」\n]+ - [^」\n]+」|\S+ ?→ ?\S+")
EN_PATH = regex.compile(
    r"\b(?:[Cc]hoose|[Ss]elect|[Oo]pen|[Gg]o to|through|under|[Cc]lick)\s+"
    r"[A-Z][\w.…]*(?: [\w.…]+)*? (?:-|→) [A-Z]"
)
ZH_VERB = regex.compile(r"选择|打开|点击|单击|双击|执行|在")
INDEX_TITLE = regex.compile(r"菜单$|相关主题|^参见|Menu$|^Related Topics|^See Also", regex.I)
ACTIVATING = regex.compile(r"^Activating the|^激活")
PURPOSE = regex.compile(r"^(?:若要|如要|如需|如果|为了|要|To |In order to |If you )")
ALSO = regex.compile(r"另请参见|另见|参见|请参阅|see also|see\b", regex.I)
ZH_TASK_STARTS = tuple(verb for verb in ZH_ACTIONS if len(verb) > 1)
# A numbered book section (「5. 贡献」, "6.3.4.5. Configuring LVM") or an access note
# ("To access this function...") is no menu entry to open.
NOT_AN_ENTRY = regex.compile(
    r"^\d+(?:\.\d+)*\.?\s|^(?:To access|要访问|如需访问|若要访问)|…|\.\.\.", regex.I
)
EN_WORD = regex.compile(r"[A-Za-z][\w-]{3,}")


def _question(title: str, lang: str, product: str = "", options: bool = False) -> str:
    """Ask how to do the task a title names, where its command is, or how to open it.

    ``options``: the path goes through the options dialog, so the title names a page of
    settings: 「如何打开「视图」选项？」, "How do I open the View options?".
    """
    if lang == "zh":
        if title.startswith(ZH_TASK_STARTS) and not _names_a_thing(title):
            if len(title) >= 4:
                return f"如何{title}？"
            if product:  # 「缩小」「删除」 name a command of the program, not a dialog
                return f"{corner_quoted(title)}命令在哪里？"
        options = options and not title.endswith("选项")
        return f"如何打开{corner_quoted(title)}{'选项' if options else ''}？"
    if options and not title.lower().endswith("options"):
        return f"How do I open the {title} options?"
    words = title.split()
    if words[0].endswith("ing") and len(words) > 1:
        words[0] = base_verb(words[0])
        task = " ".join(w.lower() if w[:1].isupper() and w[1:].islower() else w for w in words)
        return f"How do I {task}?"
    if product and words[0].lower() in EN_ACTIONS and len(words) <= 4:
        # "Reload", "Delete Cells" name a command of the program, not something to open.
        return f"Where is the {title} command?"
    return f"How do I open {title}?"


def _names_a_thing(title: str) -> bool:
    """Return whether a title opening like a verb names a thing: 「应用程序颜色」, 「打印机设置」.

    jieba tags 「应用程序」 a noun; 2.0.0 asked 「如何应用程序颜色？」.
    """
    first = first_word(title)
    return first is not None and first[1] == "n" and first[0] not in ZH_ACTIONS


EN_MENU_PATH = regex.compile(r"[A-Z][\w.…&/ ]*?(?: (?:-|→) [\w.…&/][\w.…&/ ]*?)+(?=[.,;:(]|$)")


STEP = regex.compile(r"右键菜单|上下文菜单|并(?:选择|点击|单击)|context menu", regex.I)


# The verb a path follows, not a menu item that starts like one ("Edit - Select All").
ALTERNATIVE = regex.compile(r"^(?:也|还)(?=可以)")
STEP_VERB = regex.compile(r"^(?:choose|select|click|open)\s+")
LEAD_VERB = regex.compile(
    r"(?:^|\band |[,;.] )(?:[Cc]hoose|[Ss]elect|[Oo]pen|[Gg]o to|[Cc]lick)\s+"
)


class Parent(NamedTuple):
    """What a menu path passes through before its last item."""

    name: str  # 「新建」 of 「文件 - 新建 - 标签」
    tab: bool  # the last item is a tab of the dialog ``name`` opens


def path_items(sentence: str, lang: str) -> tuple[list[str], bool]:
    """Return the items of the menu path a sentence gives, and whether its last is a tab.

    「选择「数据 - 排序 - 选项」选项卡」 gives 「数据」「排序」「选项」 and a tab. help-entry reads
    its ways with this too, to see whether a way already ends at its control.
    """
    if lang == "zh":
        found = ZH_PATH.search(sentence)
        path = found.group().strip("「」") if found else ""
        tab = found is not None and sentence[found.end() :].lstrip().startswith(("选项卡", "标签"))
    else:
        found = EN_MENU_PATH.search(sentence)
        # "Position the cursor … and choose Sheet - Delete Page Break": the path follows the verb.
        path = LEAD_VERB.split(found.group())[-1].strip() if found else ""
        tab = path.endswith(" tab")
    # "Open context menu of a selected form element - choose Control Properties - Events
    # tab": a step's verb is no part of the dialog's name (2.0.0 asked "in the choose
    # Control Properties dialog").
    items = [STEP_VERB.sub("", item.strip()) for item in regex.split(r" - |→", path)]
    return [item for item in items if item], tab


def _parent(sentence: str, lang: str) -> Parent | None:
    """Return the item the path passes through just before its last, if that is no menu.

    「选择「数据 - 排序 - 选项」选项卡」 gives 「排序」, whose dialog has the 「选项」 tab.
    """
    items, tab = path_items(sentence, lang)
    if len(items) < 3 or STEP.search(items[-2]):
        # 「视图 - 样式 - 打开条目的右键菜单并选择 修改/新建 - 制表符」: a step, not a dialog,
        # which 2.0.0 asked as 「如何打开「打开条目的右键菜单并选择 修改/新建」中的「制表符」？」.
        return None
    return Parent(items[-2].rstrip(".…").strip(), tab)  # 「标准筛选...」 opens a dialog


def _in_options(sentence: str) -> bool:
    """Return whether a sentence's menu path opens the options dialog (Tools - Options)."""
    return bool(OPTIONS_PATH.search(sentence))


def _qualified(question: str, parent: Parent, lang: str, options: bool = False) -> str:
    """Ask the question of the dialog whose tab it is, or of the submenu it sits in.

    「如何打开「排序」对话框中的「选项」？」, "How do I open Labels in the New submenu?" (2.0.0
    asked "How do I open Labels in New?", a submenu read as a dialog). Only the last item
    is named: the whole path would give the answer away.
    """
    name = parent.name
    if options:  # the options tree is no menu: 「如何打开「Internet」中的「代理」选项？」
        where = f"{corner_quoted(name)}中的" if lang == "zh" else f" in {name}"
    elif lang == "zh":
        where = f"{corner_quoted(name)}{'对话框' if parent.tab else '子菜单'}中的"
    else:
        where = f" in the {name} {'dialog' if parent.tab else 'submenu'}"
    if lang == "zh":
        if question.startswith("如何打开"):
            return question.replace("如何打开", f"如何打开{where}", 1)
        return f"在{where.removesuffix('的')}，{question}"
    return f"{question[:-1]}{where}?"


def _names_title(sentence: str, title: str, lang: str) -> bool:
    """Return whether the last item of the sentence's menu path names what the title asks.

    「如何删除工作表？」 answered 「选择「工作表 - 删除单元格」」 copies a translation error:
    the item must hold the title's object (the title less a leading task verb) or a
    word of an English title's object.
    """
    if lang == "zh":
        found = ZH_PATH.search(sentence)
        if found is None:
            return False
        last = regex.split(r" - |→", found.group().strip("「」"))[-1]
        verb = next((v for v in ZH_TASK_STARTS if title.startswith(v)), "")
        thing = title[len(verb) :] or title
        return any(thing[i : i + 2] in last for i in range(max(1, len(thing) - 1)))
    found = EN_PATH.search(sentence)
    if found is None:
        return False
    last = sentence[found.end() - 1 :].lower()
    # A short title ("Sum") is its own word: with no word to look for, Table - Number
    # Recognition answered "How do I open Sum?".
    words = EN_WORD.findall(title.lower()) or title.lower().split()
    if len(words) > 1 and base_verb(words[0]) in EN_ACTIONS:
        words = words[1:]  # "Delete Sheet": the object must be named, not only the verb
    return not words or any(word in last for word in words)


class MenuPath(Pattern):
    """Pair a page title with the sentence that gives its menu path."""

    name = "menu-path"
    version = "0.12.0"
    languages = ("zh", "en")

    def __init__(self, *, max_chars: int = 240, products: dict[str, str] | None = None) -> None:
        self.max_chars = max_chars
        # URI glob → program: 「如何打开「代理」？」 is asked of the program whose help it is.
        self.products = dict(products or {})

    def pairs(self, document: Record, lang: str) -> Iterator[Record]:
        product = product_of(document, self.products)
        text = document["text"]
        for block in blocks(document):
            path = block.get("heading") or []
            if block["kind"] != "paragraph" or not path or not in_language(document, block, lang):
                continue
            title = path[-2] if ACTIVATING.match(path[-1]) and len(path) > 1 else path[-1]
            if INDEX_TITLE.search(title) or NOT_AN_ENTRY.search(title.strip()):
                continue
            for start, end in sentences(text_of(document, block), lang, block["start"]):
                sentence = text[start:end]
                if not self._gives_path(sentence, lang):
                    continue
                if not _names_title(sentence, title.strip(), lang):
                    break  # the path leads to another command: a source error
                # 「也可以点击「文件 - 检出」。」: the way is an alternative to one given before;
                # the answer starts at 「可以」, so it does not open on 「也」.
                alternative = ALTERNATIVE.match(sentence)
                start += alternative.end() if alternative else 0
                output = text[start : block["end"]].strip()
                if len(output) <= self.max_chars:
                    spans = [(start, block["end"])]
                    # A way only Draw has, on a page Impress shares, is asked of Draw.
                    named = only_in(sentence, product) if product else product
                    options = _in_options(sentence)
                    question = _question(title.strip(), lang, named, options)
                    parent = _parent(sentence, lang)
                    qualified = None
                    if parent and parent.name != title.strip():
                        qualified = in_product(
                            _qualified(question, parent, lang, options), named, lang
                        )
                    question = in_product(question, named, lang)
                    if qualified and parent and parent.tab and not options:
                        # A tab is asked in its dialog: 「如何打开「列」？」 (Table Properties'
                        # tab) read as vague to a reader of 2.0.0 drafts.
                        question, qualified = qualified, None
                    yield self.record(document, question, output, spans, qualified)
                break

    @staticmethod
    def _gives_path(sentence: str, lang: str) -> bool:
        if PURPOSE.match(sentence) or ALSO.search(sentence) or is_pointer(sentence, lang):
            return False
        if lang == "zh":
            return bool(ZH_PATH.search(sentence) and ZH_VERB.search(sentence))
        return bool(EN_PATH.search(sentence))


@hookimpl
def register_extractors(register):
    register("menu-path", MenuPath)
