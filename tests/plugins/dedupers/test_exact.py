from zhiling.plugins.dedupers.exact import ExactDeduper, normalise, register_dedupers


def _pair(id_, instruction, output):
    return {"id": id_, "instruction": instruction, "input": "", "output": output}


def test_width_space_and_punctuation_fold_into_one_key():
    assert normalise("ＡＰＴ， 更新！") == normalise("apt,更新") == "apt更新"


def test_traditional_folds_to_simplified_only_when_asked():
    assert normalise("軟體套件") != normalise("软体套件")
    assert normalise("軟體套件", simplify=True) == normalise("软体套件", simplify=True)


def test_traditional_variant_is_removed_and_the_smallest_id_survives():
    records = [
        _pair("b", "如何更新軟體套件列表？", "請執行 apt update。"),
        _pair("a", "如何更新软体套件列表？", "请执行 apt update。"),
        _pair("c", "如何删除软件包？", "请执行 apt remove。"),
    ]
    deduper = ExactDeduper(traditional_to_simplified=True)
    assert sorted(r["id"] for r in deduper(records)) == ["a", "c"]
    assert [(r["id"], reason) for r, reason in deduper.removed()] == [("b", "exact_duplicate")]


def test_without_folding_the_scripts_stay_apart():
    records = [_pair("a", "軟體", "請執行"), _pair("b", "软体", "请执行")]
    assert len(list(ExactDeduper()(records))) == 2


def test_registers_its_recipe_name():
    registered = {}
    register_dedupers(register=registered.__setitem__)
    assert registered == {"exact": ExactDeduper}
