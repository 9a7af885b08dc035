"""The random-paragraph labelled set: drawn per language, split in two halves by a hash."""

import json
from pathlib import Path

DATA = Path(__file__).parents[2] / "data" / "extraction"


def read(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines()]


def test_halves_split_the_whole_set_and_each_language_has_150_paragraphs():
    whole = read("random_paragraphs.jsonl")
    dev, held = read("random_dev.jsonl"), read("random_heldout.jsonl")
    assert sorted(p["id"] for p in whole) == sorted(p["id"] for p in dev + held)
    assert not {p["id"] for p in dev} & {p["id"] for p in held}
    for lang in ("zh", "en"):
        assert sum(p["lang"] == lang for p in whole) >= 150
    by_id = {p["id"]: p for p in whole}
    for passage in dev + held:
        assert passage == by_id[passage["id"]]
        assert ".deb:" in passage["source"]
        assert "#" in passage["source"]
        assert passage["text"].startswith("# ")
        for pair in passage["gold"]:
            assert pair["instruction"]
            assert pair["output"]
            assert pair["pattern"]
