import pytest

from zhiling import RecipeError
from zhiling.manager import make_plugin_manager
from zhiling.plugins.dedupers.minhash import MinHashDeduper, register_dedupers

ZH = (
    "请以管理员身份运行 apt update 命令，"
    "它会从所有已配置的软件源下载最新的软件包索引文件，然后再决定哪些软件包需要升级。"
)
EN = (
    "Run apt update as root. It downloads the latest package index files from every "
    "configured source, so that apt can then decide which installed packages need an upgrade."
)
DISTINCT = [
    (
        "zh",
        "如何查看磁盘空间？",
        "使用 df -h 命令可以列出每个已挂载文件系统的大小、已用空间和剩余空间。",
    ),
    (
        "zh",
        "如何添加新用户？",
        "以管理员身份执行 adduser 加上用户名，按照提示设置密码和用户的全名。",
    ),
    (
        "en",
        "How do I list open ports?",
        "Use ss -tulpn to show listening sockets with the process owning each.",
    ),
    (
        "en",
        "How do I change my shell?",
        "Run chsh and type the full path of the new shell when it asks.",
    ),
]


def _record(id_, lang, output, instruction=None):
    default = "如何更新软件包索引？" if lang == "zh" else "How do I update the index?"
    question = default if instruction is None else instruction
    return {"id": id_, "lang": lang, "instruction": question, "input": "", "output": output}


def _deduper(tmp_path, **options):
    hook = make_plugin_manager(installed=False).hook
    return MinHashDeduper(hook=hook, workdir=tmp_path, base_dir=tmp_path, **options)


def _run(deduper, records):
    kept = [r["id"] for r in deduper(records)]
    return kept, {r["id"]: (reason, r["meta"]["dedup"]) for r, reason in deduper.removed()}


def _distinct():
    return [_record(f"x{i}", lang, out, q) for i, (lang, q, out) in enumerate(DISTINCT)]


NEAR_ZH = {
    "edit": ZH.replace("最新", "最近").replace("升级", "更新"),
    "reorder": "它会从所有已配置的软件源下载最新的软件包索引文件，"
    "请以管理员身份运行 apt update 命令，然后再决定哪些软件包需要升级。",
    "width": ZH.replace("apt update", "ａｐｔ　ｕｐｄａｔｅ").replace("，", ",").replace("。", "."),
    "traditional": "請以管理員身份運行 apt update 命令，"
    "它會從所有已配置的軟件源下載最新的軟件包索引文件，然後再決定哪些軟件包需要升級。",
}
NEAR_EN = {
    "edit": EN.replace("latest", "newest").replace("decide", "work out"),
    "reorder": "It downloads the latest package index files from every configured source, so that "
    "apt can then decide which installed packages need an upgrade. Run apt update as root.",
    "width": EN.replace("apt update", "ＡＰＴ ＵＰＤＡＴＥ").replace(",", "，").replace(".", "。"),
}


@pytest.mark.parametrize(
    ("lang", "base", "variant"),
    [
        *(("zh", ZH, v) for v in NEAR_ZH.values()),
        *(("en", EN, v) for v in NEAR_EN.values()),
    ],
    ids=[*(f"zh-{k}" for k in NEAR_ZH), *(f"en-{k}" for k in NEAR_EN)],
)
def test_near_duplicate_is_removed_and_the_longer_output_survives(tmp_path, lang, base, variant):
    longer, shorter = (base, variant) if len(base) >= len(variant) else (variant, base)
    records = [_record("b", lang, shorter), _record("a", lang, longer), *_distinct()]
    deduper = _deduper(tmp_path)
    kept, removed = _run(deduper, records)
    assert sorted(kept) == ["a", "x0", "x1", "x2", "x3"]
    reason, dedup = removed["b"]
    assert reason == "near_duplicate"
    assert dedup["survivor"] == "a"
    assert dedup["cluster_size"] == 2
    assert deduper.report()["cluster_sizes"] == {"2": 1}


def test_equal_lengths_go_to_the_smallest_id_whatever_the_order(tmp_path):
    records = [_record("b", "en", EN), _record("a", "en", EN.replace("root", "r00t"))]
    assert _run(_deduper(tmp_path), records)[0] == ["a"]
    assert _run(_deduper(tmp_path), records[::-1])[0] == ["a"]


def test_distinct_records_sharing_a_template_are_kept(tmp_path):
    goals = ["install vim", "install emacs", "install nano", "remove vim", "upgrade vim"]
    records = [
        {"id": f"r{i}", "lang": "en", "instruction": f"How do I {goal}?", "output": ""}
        for i, goal in enumerate(goals)
    ]
    records += [
        {"id": f"z{i}", "lang": "zh", "instruction": f"如何{goal}？", "output": ""}
        for i, goal in enumerate(["安装编辑器", "删除编辑器", "升级编辑器"])
    ]
    kept, _ = _run(_deduper(tmp_path, fields=["instruction"]), records)
    assert len(kept) == len(records)
    merged, _ = _run(_deduper(tmp_path, fields=["instruction"], templates=[]), records)
    assert len(merged) < len(records)  # the template alone would have merged them


@pytest.mark.parametrize("text", ["中", "a", "", " "])
def test_short_and_empty_texts_are_kept_without_error(tmp_path, text):
    records = [_record("a", "zh", text, instruction=""), *_distinct()]
    kept, removed = _run(_deduper(tmp_path), records)
    assert "a" in kept
    assert not removed


def test_identical_one_character_texts_are_duplicates_but_empty_ones_are_not(tmp_path):
    records = [_record(f"c{i}", "zh", "中", instruction="") for i in (1, 2)]
    records += [_record(f"e{i}", "zh", "", instruction="") for i in range(3)]
    kept, removed = _run(_deduper(tmp_path), records)
    assert sorted(kept) == ["c1", "e0", "e1", "e2"]
    assert removed["c2"][1]["survivor"] == "c1"


def test_saved_index_makes_a_later_run_drop_what_it_holds(tmp_path):
    first = _deduper(tmp_path, save_index="index.npz")
    _run(first, [_record("a", "zh", ZH), *_distinct()])
    later = _deduper(tmp_path, against=["index.npz"])
    kept, removed = _run(later, [_record("n", "zh", NEAR_ZH["edit"]), _record("new", "en", EN)])
    assert kept == ["new"]
    assert removed["n"][0] == "in_previous_release"
    assert removed["n"][1]["survivor"] == "a"


def test_an_index_made_with_other_settings_is_refused(tmp_path):
    _run(_deduper(tmp_path, save_index="index.npz", num_perm=64), _distinct())
    with pytest.raises(RecipeError, match="num_perm"):
        _run(_deduper(tmp_path, against=["index.npz"]), _distinct())


@pytest.mark.parametrize(
    "options",
    [
        {"threshold": 0},
        {"shingles": {"zh": "chars:2"}},
        {"against": ["missing.npz"]},
        {"verify": "maybe"},
        {"templates": ["(unclosed"]},
    ],
)
def test_bad_options_are_recipe_errors(tmp_path, options):
    with pytest.raises(RecipeError):
        _deduper(tmp_path, **options)


def test_registers_its_recipe_name():
    registered = {}
    register_dedupers(register=registered.__setitem__)
    assert registered == {"minhash": MinHashDeduper}


def test_jieba_word_shingles_without_stop_words_find_the_edit(tmp_path):
    deduper = _deduper(tmp_path, shingles={"zh": "jieba:1"})
    records = [_record("a", "zh", ZH), _record("b", "zh", NEAR_ZH["edit"]), *_distinct()]
    kept, removed = _run(deduper, records)
    assert "b" not in kept
    assert removed["b"][1]["survivor"] == "a"
    assert "的" in deduper.sketcher.stopwords()


def test_a_segmenters_words_can_be_the_shingles(tmp_path):
    words = EN.split()
    records = [
        {"id": "a", "lang": "en", "text": "x", "words": words},
        {"id": "b", "lang": "en", "text": "y", "words": [*words[:10], "newest", *words[11:]]},
        {"id": "c", "lang": "en", "text": "z", "words": ["something", "else", "entirely"]},
    ]
    deduper = _deduper(tmp_path, fields=["text"], shingles={"en": "words:2"})
    kept, removed = _run(deduper, records)
    assert kept == ["a", "c"]  # the texts differ; only the words match
    assert removed["b"][1]["survivor"] == "a"


def test_exact_verification_uses_true_jaccard(tmp_path):
    records = [_record("a", "zh", ZH), _record("b", "zh", NEAR_ZH["edit"]), *_distinct()]
    deduper = _deduper(tmp_path, verify="exact")
    kept, removed = _run(deduper, records)
    assert "b" not in kept
    assert removed["b"][1]["survivor"] == "a"
    strict = _deduper(tmp_path, verify="exact", threshold=0.99)
    assert "b" in _run(strict, records)[0]  # the true Jaccard of the edit is below 0.99
    assert not list(tmp_path.glob("minhash-*"))  # work files are gone


def test_exact_verification_against_a_saved_index_falls_back_to_signatures(tmp_path):
    _run(_deduper(tmp_path, save_index="index.npz"), [_record("a", "zh", ZH)])
    later = _deduper(tmp_path, against=["index.npz"], verify="exact")
    kept, removed = _run(later, [_record("n", "zh", NEAR_ZH["edit"]), *_distinct()])
    assert "n" not in kept
    assert removed["n"][0] == "in_previous_release"


def test_lsh_threshold_widens_the_candidate_bands_and_is_checked(tmp_path):
    plain = _deduper(tmp_path, threshold=0.8)
    wide = _deduper(tmp_path, threshold=0.8, lsh_threshold=0.5)
    assert wide.rows < plain.rows  # shorter bands: more pairs become candidates
    with pytest.raises(RecipeError, match="lsh_threshold must be in"):
        _deduper(tmp_path, threshold=0.8, lsh_threshold=0.9)
