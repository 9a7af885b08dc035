"""Word lists the built-in extractors share: commands, action verbs, anaphora and pointers.

Lists rather than part-of-speech tagging: ``jieba.posseg`` is three times slower
than plain segmentation, and the verbs that start instructions in manuals are a
small closed set.
"""

from __future__ import annotations

import regex


def word_set(words: str) -> frozenset[str]:
    """Return the space-separated ``words`` as a set; long lists read better as text."""
    return frozenset(words.split())


#: Commands common in Debian documentation; a word here makes a table cell or the
#: right side of 「说明：命令」 code even without options or paths.
COMMANDS = word_set(
    """adduser apt apt-cache apt-get apt-file apt-mark aptitude awk bash cat cd chgrp chmod
    chown cp crontab curl cut date dd debuild df diff dig dmesg dpkg dpkg-deb dpkg-divert
    dpkg-query dpkg-reconfigure du echo env export file find free gpg grep groups gzip head
    hostname id ip journalctl kill killall less ln locale ls lsblk lsof make man mkdir mount
    mv nano nice passwd ping ps pwd reboot reportbug rm rmdir rsync scp sed service sh
    shutdown sort ssh ssh-keygen su sudo systemctl tail tar tee top touch umount uname
    uniq unzip update-alternatives uptime useradd usermod vi vim wc wget which whoami xargs
    zcat zip"""
)

#: Chinese verbs (and verb-like openers) that start an action or a step.
ZH_ACTIONS = tuple(
    sorted(
        word_set(
            """全选 撤消 撤销 切换 插入 重新 打开 关闭 保存 复制 粘贴 剪切 删除 选择 显示 隐藏 移动
    创建 设置 启动 退出 查找 替换 打印 应用 跳转 转到 增加 减少 强制 终止 列出 解压 提取 归档
    压缩 加密 解密 挂载 下载 安装 卸载 更新 检查 比较 排序 统计 计算 重命名 新建 编辑 修改
    更改 格式化 清除 添加 取消 恢复 放大 缩小 运行 执行 输出 不要 忽略 指定 递归 读取 写入
    保留 跳过 禁止 允许 启用 禁用 去除 报告 发送 同步 等待 延迟 转换 改变 生成 建立 定义 保护
    导出 导入 调整 合并 拆分 筛选 输入 旋转 对齐 录制 记录 连接 管理 使用 查看 搜索 逆序
    获取 取得 初始化 分割 收缩 扩展 确定 配置 预测 赋予 提交 过滤 标记 追加 截断 监视 单击 点击 双击
    查询 检测 检索 扫描 转储 装载 调用 收集 开始 阻止 重置 展示 测试 播放 释放 阅读 缩减 转义
    编码 解码 抽出 移除 找出 估计 调节 翻译 弹出 刷新 分配 产生 清空 重建 停止 监听 编写 求
    将 把 在 从 向 对 为 以 使 按 随 只"""
        )
    )
)

#: Chinese prepositions that :data:`ZH_ACTIONS` lets open a step (「在…中」, 「为…」): a
#: phrase starting with one is a place or a purpose, not yet what to do. Patterns add the
#: few more words that mean the same in their own position.
ZH_PREPOSITIONS = tuple("在为从以向对随")
#: Chinese verbs that name the tool a way uses (「用 X」, 「通过 X」).
ZH_TOOL_VERBS = ("用", "使用", "通过")

ZH_YOU = regex.compile(r"您|你")


def zh_for_me(text: str) -> str:
    """Return Chinese ``text`` as the user asks it: 您/你 become 我 (「输入您要…」 → 「我要…」)."""
    return ZH_YOU.sub("我", text)


#: English verbs (base forms) that start an action, a step or a man-page summary.
EN_ACTIONS = word_set(
    """add adjust align append apply archive assign back block build calculate change check
    choose clear click close combine compare continue compress concatenate configure convert copy
    count create cut cycle decrease define delay delete disable display do double-click download
    drag dump edit enable encrypt enter estimate execute exit expand explain export extend extract
    fill filter find follow force format generate get go hide hit hold ignore import increase insert
    install invert jump keep kill link list load lock make manage mark merge modify monitor mount
    move name open output paste pick place press prevent print prompt protect read recalculate
    record
    redo reduce refresh reload remove rename reorder repeat replace report reset resize restart
    restore reverse rotate run save scale search select send set show shrink sort specify split
    right-click start stop strip submit suppress switch synchronize tap tell test toggle trace
    translate type
    undo uninstall unlock unpack update upgrade use view wait write zoom"""
)

ZH_ANAPHORA = regex.compile(
    r"^(?:这样做|这么做|此操作|这一点|做到这一点|实现这一点|完成这项工作|完成此操作|这样|此|其|使其|让其)"
)
EN_ANAPHORA = regex.compile(
    r"^(?:(?:do|doing|achieve|accomplish) (?:so|this|that|it)\b|this\b|that\b|it\b)", regex.I
)
ZH_POINTER = regex.compile(r"^(?:请|另请|也可以|可以)?(?:参阅|参见|参看|请见|见|阅读)")
EN_POINTER = regex.compile(r"^(?:please )?(?:see|refer to|read|consult)\b", regex.I)


def base_verb(word: str) -> str:
    """Return the base form of an English verb in -s or -ing form ("selects" → "select")."""
    lower = word.lower()
    if lower in EN_ACTIONS:
        return lower
    if lower.endswith("ing") and len(lower) > 4:
        stem = lower[:-3]
        if stem + "e" in EN_ACTIONS:
            return stem + "e"
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in EN_ACTIONS:
            return stem[:-1]
        return stem
    if lower.endswith("ies"):
        return lower[:-3] + "y"
    if lower.endswith("es") and lower[:-2] in EN_ACTIONS:
        return lower[:-2]
    if lower.endswith("s") and not lower.endswith("ss"):
        return lower[:-1]
    return lower


def zh_place_then_verb(openers: str, verbs: tuple[str, ...], stops: str) -> regex.Pattern[str]:
    """Return a pattern for a Chinese clause led by a place, beneficiary or basis, then a verb.

    「在指定的目录中创建链接」, 「为选中的对象指定阴影」: one of ``openers`` (alternatives),
    at most 14 characters that are none of ``stops`` (and not 「此」「这」, which point at
    the page), then one of ``verbs`` of two or more characters, not consumed, so the
    match ends where the verb starts.
    """
    return regex.compile(rf"^(?:{openers})(?!此|这)[^{stops}]{{1,14}}?(?={zh_verbs(verbs)})")


def zh_verbs(verbs: tuple[str, ...]) -> str:
    """Return an alternation of the verbs of two or more characters (one is too ambiguous)."""
    return "|".join(regex.escape(verb) for verb in verbs if len(verb) > 1)


def starts_with_action(text: str, lang: str) -> bool:
    """Return whether ``text`` opens with an action verb of ``lang``."""
    text = text.strip()
    if lang == "zh":
        return text.startswith(ZH_ACTIONS)
    first = regex.match(r"[A-Za-z][\w-]*", text)
    return bool(first) and base_verb(first.group()) in EN_ACTIONS


# Finite verbs that show the word before them is a subject: "Search starts at …", "name was
# created using …", "Recalculating formulas can take significant time …".
EN_FINITE = word_set(
    "starts begins ends goes is are was were has have can may will must should appears runs "
    "works happens occurs remains stays becomes"
)


def opens_with_subject(text: str) -> bool:
    """Return whether English ``text`` opens with a subject, not an imperative verb.

    A description read as a goal gave "How do I name was created using a directory …?"
    and "How do I recalculate formulas can take significant time …?" in 2.0.0.
    """
    words = text.split()
    if len(words) > 1 and (words[1].lower() in EN_FINITE or words[1] == "of"):
        return True
    gerund = words[0].lower().endswith("ing") if words else False
    return gerund and len(words) > 2 and words[2].lower() in EN_FINITE


def is_anaphoric(goal: str, lang: str) -> bool:
    """Return whether ``goal`` only points back at something said before (这样做, do so)."""
    return bool((ZH_ANAPHORA if lang == "zh" else EN_ANAPHORA).match(goal.strip()))


# 「此图标」「这个选项」, "this check box", "these fields": the control on the page, which a
# question read without the page cannot point at.
ZH_ON_PAGE = regex.compile(
    r"(?:此|该|这个|这些)(?:图标|选项|复选框|按钮|字段|区域|对话框|命令|功能|设置|工具|轴|项"
    r"|控点|视图)|此处"
)
EN_ON_PAGE = regex.compile(
    r"\bth(?:is|ese) (?:options?|check ?box(?:es)?|fields?|buttons?|icons?|areas?|settings?"
    r"|dialogs?|commands?|box(?:es)?|lists?|tabs?|pages?|functions?)\b",
    regex.I,
)


def points_at_page(goal: str, lang: str) -> bool:
    """Return whether ``goal`` names a control as "this one", which needs the page to read."""
    return bool((ZH_ON_PAGE if lang == "zh" else EN_ON_PAGE).search(goal))


# 「请选择此选项。」, "Click here.": a short way whose whole object is the control the page
# shows. 该 is left out: 「该区域」 is often the section the answer itself just inserted.
ZH_THIS_CONTROL = regex.compile(r"(?:此|这个)(?:图标|选项|复选框|按钮|字段|命令|功能)|此处")
EN_THIS_CONTROL = regex.compile(
    r"\bth(?:is|ese) (?:options?|check ?box(?:es)?|buttons?|icons?|commands?)\b|\bhere\b",
    regex.I,
)


def is_only_the_page(method: str, lang: str) -> bool:
    """Return whether a short way names nothing but the control on the page."""
    rule = ZH_THIS_CONTROL if lang == "zh" else EN_THIS_CONTROL
    return len(method) < (40 if lang == "zh" else 80) and bool(rule.search(method))


def is_pointer(method: str, lang: str) -> bool:
    """Return whether ``method`` is only a cross-reference (参阅…, see …)."""
    return bool((ZH_POINTER if lang == "zh" else EN_POINTER).match(method.strip()))


PROSE_WORDS = word_set(
    "the a an this that these those is are was were be been it its all to of and or not for "
    "with from as by on in"
)
OPTION_OR_PATH = regex.compile(r"(?:^|\s)(?:--?[\w?]|\+\w|[~.]?/|\S+\.\w+\b)")


def looks_like_command(text: str) -> bool:
    """Return whether ``text`` reads as a shell command line rather than prose."""
    words = text.split()
    if not words or regex.search(r"\p{Han}", words[0]) or len(words) > 8:
        return False
    if any(word.lower().strip(",.") in PROSE_WORDS for word in words):
        return False
    first = words[0]
    if not regex.fullmatch(r"[a-z][a-z0-9.+_-]*", first):
        return False
    return first in COMMANDS or bool(OPTION_OR_PATH.search(text[len(first) :]))
