"""split-groups: near-duplicates and records of one document get one split group."""

import pytest

from zhiling import RecipeError
from zhiling.manager import make_plugin_manager
from zhiling.plugins.dedupers.split_groups import SplitGrouper
from zhiling.release import split_key

# Two records of debian-instruct 1.0.0 from two LibreOffice pages (main0204.html and
# main0202.html): one answer under two toolbars. The hash of their ids put one in train,
# the other in test.
BACKGROUND = (
    "Click to open a toolbar where you can click a background color for a paragraph. "
    "The color is applied to the background of the current paragraph or the selected "
    "paragraphs."
)


def _record(id_, question, output, doc, start=0):
    source = {"doc_id": doc, "uri": f"{doc}.html", "spans": [[start, start + len(output)]]}
    return {"id": id_, "lang": "en", "instruction": question, "output": output, "source": source}


def _records():
    return [
        _record("00452bf4f2963539", "What does “Background Color” do in LibreOffice Writer's "
                "“Table Bar”?", BACKGROUND, "main0204"),
        _record("e7220aaaa3b76431", "What does “Background Color” do in LibreOffice Writer's "
                "“Formatting Bar”?", BACKGROUND, "main0202"),
        _record("9011fc49741d0dd3", "What does “Rulers” do in LibreOffice Draw's “View”?",
                "Displays or hides rulers at the top and left or right edges of the workspace.",
                "sdraw-main0103"),
        _record("aaaa000000000001", "How do I insert a page break in Draw?",
                "Choose Insert - Page Break; the page ends at the cursor.", "sdraw-main0103"),
        _record("bbbb000000000002", "How do I list open ports?",
                "Use ss -tulpn to show listening sockets with the process owning each.", "ss"),
        _record("cccc000000000003", "How do I show the grid in Draw?",
                "Choose View - Grid and Helplines - Display Grid.", "sdraw-main0103", 900),
    ]  # fmt: skip


def _grouper(tmp_path, **options):
    hook = make_plugin_manager(installed=False).hook
    return SplitGrouper(hook=hook, workdir=tmp_path, base_dir=tmp_path, **options)


def test_near_duplicates_and_one_documents_records_share_a_group(tmp_path):
    grouper = _grouper(tmp_path)
    out = list(grouper(_records()))
    assert len(out) == 6  # nothing is removed
    groups = {record["id"]: split_key(record) for record in out}
    assert groups["00452bf4f2963539"] == groups["e7220aaaa3b76431"] == "00452bf4f2963539"
    assert groups["9011fc49741d0dd3"] == groups["aaaa000000000001"] == "9011fc49741d0dd3"
    assert groups["bbbb000000000002"] == "bbbb000000000002"
    # same page, text that does not overlap the others': a passage of its own
    assert groups["cccc000000000003"] == "cccc000000000003"
    report = grouper.report()
    assert (report["groups"], report["grouped_records"], report["largest_group"]) == (4, 4, 2)
    assert list(grouper.removed()) == []


def test_by_chooses_the_relations(tmp_path):
    out = list(_grouper(tmp_path, by=["near_duplicate"])(_records()))
    groups = {record["id"]: split_key(record) for record in out}
    assert groups["00452bf4f2963539"] == groups["e7220aaaa3b76431"]
    assert groups["aaaa000000000001"] == "aaaa000000000001"
    out = list(_grouper(tmp_path, by=["source_document"])(_records()))
    groups = {record["id"]: split_key(record) for record in out}
    assert groups["00452bf4f2963539"] != groups["e7220aaaa3b76431"]
    assert groups["aaaa000000000001"] == groups["cccc000000000003"] == "9011fc49741d0dd3"


def test_an_unknown_relation_is_one_clear_error(tmp_path):
    with pytest.raises(RecipeError, match="'by' takes near_duplicate, source_passage"):
        _grouper(tmp_path, by=["same_page"])


def test_a_record_without_a_group_is_split_by_its_id():
    assert split_key({"id": "x1"}) == "x1"
    assert split_key({"id": "x1", "meta": {"split_group": "g"}}) == "g"
