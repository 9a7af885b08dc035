"""Split leakage: held-out records with a near-duplicate in train, per language config."""

from zhiling.leakage import measure_leakage
from zhiling.manager import make_plugin_manager
from zhiling.registry import Registry
from zhiling.release import ReleaseWriter, split_of

FRACTIONS = {"train": 0.5, "test": 0.5}
TOPICS = [
    "rulers",
    "grid",
    "numbering",
    "comments",
    "hyphenation",
    "footnotes",
    "styles",
    "bookmarks",
    "captions",
]


def pairs(grouped: bool):
    """Two records per topic, one answer repeated under two toolbar names."""
    for n, topic in enumerate(TOPICS):
        answer = (
            f"Displays or hides the {topic}. The {topic} setting is kept in the {topic} part "
            f"of the profile and read back whenever {topic} are shown again. To change the "
            f"{topic} for one document only, use the {topic} page of its properties."
        )
        for bar in ("Standard Bar", "Formatting Bar"):
            record = {
                "id": f"{n:02d}-{bar[0]}",
                "instruction": f"What does “{topic}” do in LibreOffice Writer's “{bar}”?",
                "output": answer,
                "lang": "en",
                "license": "MPL-2.0",
            }
            if grouped:
                record["meta"] = {"split_group": f"topic-{n}"}
            yield record


def leakage(tmp_path, grouped):
    work = tmp_path / f"work-{grouped}"
    work.mkdir()
    writer = ReleaseWriter(work, seed=7, fractions=FRACTIONS)
    writer.add_all(pairs(grouped))
    out = tmp_path / f"release-{grouped}"
    shards, _ = writer.finish(out)
    registry = Registry(make_plugin_manager())
    return measure_leakage(registry, out, shards, 0.8, work)["en"]


def test_near_duplicates_on_both_sides_of_the_split_are_counted(tmp_path):
    straddling = sum(
        split_of(f"{n:02d}-S", 7, FRACTIONS) != split_of(f"{n:02d}-F", 7, FRACTIONS)
        for n in range(len(TOPICS))
    )
    held_out = sum(
        split_of(f"{n:02d}-{b}", 7, FRACTIONS) == "test" for n in range(len(TOPICS)) for b in "SF"
    )
    assert straddling > 0  # the ids' hash splits some pairs: what the measure must catch
    figures = leakage(tmp_path, grouped=False)
    assert figures == {
        "held_out": held_out,
        "leaked": straddling,
        "share": round(straddling / held_out, 6),
        "threshold": 0.8,
    }


def test_records_of_one_split_group_never_leak(tmp_path):
    figures = leakage(tmp_path, grouped=True)
    assert figures["leaked"] == 0
    assert figures["held_out"] % 2 == 0  # whole pairs only
