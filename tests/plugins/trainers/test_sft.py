"""Train a tiny reference model on the quickstart release, through a recipe and the CLI."""

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from zhiling import RecipeError  # noqa: E402
from zhiling.cli import main  # noqa: E402
from zhiling.manager import make_plugin_manager  # noqa: E402
from zhiling.plugins.trainers._data import read_split  # noqa: E402
from zhiling.plugins.trainers._evaluate import losses  # noqa: E402
from zhiling.plugins.trainers.sft import SFT, register_trainers  # noqa: E402
from zhiling.run import run_recipe  # noqa: E402

pytestmark = pytest.mark.train
ROOT = Path(__file__).resolve().parents[3]
TRAIN = """
train:
  use: sft
  from_config: tiny
  max_steps: 40
  eval_examples: 8
  max_new_tokens: 16
"""


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    """Build the quickstart release with a tiny reference model, once for this module."""
    torch.set_num_threads(1)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    folder = tmp_path_factory.mktemp("train")
    recipe = (ROOT / "recipes" / "quickstart.yaml").read_text(encoding="utf-8")
    recipe = recipe.replace("../tests/data", str(ROOT / "tests" / "data")) + TRAIN
    recipe = recipe.replace("../releases", "releases")
    (folder / "quickstart.yaml").write_text(recipe, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        result = run_recipe(folder / "quickstart.yaml", pm=make_plugin_manager(installed=False))
    return folder / result.destinations[0], result.manifest


def test_training_lowers_training_and_validation_loss(release):
    _, manifest = release
    model = manifest["reference_model"]
    assert model["steps"] == 40
    assert 1_000_000 <= model["parameters"] <= 3_000_000
    assert model["train_loss"]["end"] < model["train_loss"]["start"]
    before, after = model["evaluation"]["before"], model["evaluation"]["after"]
    assert after["validation"]["loss"] < before["validation"]["loss"]
    assert set(after["validation"]["by_lang"]) == set(after["test"]["by_lang"]) == {"en", "zh"}
    assert after["test"]["rouge_l"] > before["test"]["rouge_l"]
    assert 0 <= model["fairness"]["model_after"]["zh"]["male_share"] <= 1


def test_saved_model_reloads_scores_the_same_and_generates(release):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder, manifest = release
    saved = folder / manifest["reference_model"]["path"]
    model = AutoModelForCausalLM.from_pretrained(saved)
    tokenizer = AutoTokenizer.from_pretrained(saved)
    validation = losses(model, tokenizer, read_split(folder, "validation"), max_length=512)
    after = manifest["reference_model"]["evaluation"]["after"]["validation"]
    assert validation["loss"] == pytest.approx(after["loss"], abs=1e-3)
    for prompt in ("如何查看磁盘空间？", "How do I list the files in a folder?"):
        ids = tokenizer.apply_chat_template(
            [{"role": "user", "content": prompt}], add_generation_prompt=True, return_tensors="pt"
        )["input_ids"]
        out = model.generate(ids, max_new_tokens=12, min_new_tokens=4, do_sample=False)
        assert tokenizer.decode(out[0, ids.shape[1] :], skip_special_tokens=True).strip()
    assert "# Reference model for quickstart 0.1.0" in (saved / "README.md").read_text("utf-8")


def test_card_reference_section_matches_the_manifest(release):
    from datasets import load_dataset

    from zhiling.plugins.cards._report import cell

    folder, manifest = release
    model = manifest["reference_model"]
    on_disk = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert on_disk["reference_model"] == model
    card = (folder / "README.md").read_text(encoding="utf-8")
    section = card[card.index("## Reference model") : card.index("## Reproduce")]
    summary = f"| `from_config:tiny` | no | {model['parameters']} | 40 | {model['tokens_seen']} |"
    assert summary in section
    before, after = model["evaluation"]["before"], model["evaluation"]["after"]
    for split in ("validation", "test"):
        for lang in ("all", "en", "zh"):
            old = before[split] if lang == "all" else before[split]["by_lang"][lang]
            new = after[split] if lang == "all" else after[split]["by_lang"][lang]
            figures = [old["loss"], new["loss"], old["perplexity"]]
            assert f"| {split} | {lang} | " + " | ".join(map(cell, figures)) + " |" in section
    assert (
        f"| all | {cell(before['test']['rouge_l'])} | {cell(after['test']['rouge_l'])} |" in section
    )
    assert re.search(
        rf"\| zh \| .* \| {cell(model['fairness']['model_after']['zh']['male_share'])} \|", section
    )
    # The model folder inside the release does not disturb loading it.
    assert len(load_dataset(str(folder), "zh", split="train")) == manifest["configs"]["zh"]["train"]


def fingerprint(folder):
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_cli_trains_a_lora_adapter_beside_the_release_without_changing_it(release, capsys):
    from peft import AutoPeftModelForCausalLM

    folder, manifest = release
    before = fingerprint(folder)
    base = str(folder / "reference-model")
    assert main(["train", str(folder), "--model", base, "--lora", "--max-steps", "20"]) == 0
    assert fingerprint(folder) == before
    output = folder.parent / f"{folder.name}-reference"
    shown = capsys.readouterr()
    assert str(output) in shown.out
    # Without a terminal, training ends with one plain progress line: steps, rate, loss.
    assert re.search(r"^train: 20/20 steps done, .* steps/s; loss \d+\.\d{3}$", shown.err, re.M)
    report = json.loads((output / "evaluation.json").read_text(encoding="utf-8"))
    assert report["release"]["content_sha256"] == manifest["content_sha256"]
    assert report["reference_model"]["lora"] is True
    assert (
        report["reference_model"]["trainable_parameters"] < report["reference_model"]["parameters"]
    )
    adapter = AutoPeftModelForCausalLM.from_pretrained(output)
    assert adapter.peft_config["default"].r == 8
    # A second run would overwrite the first: it is refused.
    assert main(["train", str(folder), "--model", base, "--max-steps", "1"]) == 1


def test_lora_on_a_model_built_from_a_config_saves_its_base(release, tmp_path):
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    folder, _ = release
    trainer = SFT(
        from_config="tiny",
        lora=True,
        gradient_checkpointing=True,
        max_steps=8,
        eval_examples=2,
        max_new_tokens=4,
    )
    figures = trainer.train(folder, tmp_path / "adapter")
    assert figures["base_model"] == "from_config:tiny"
    assert figures["evaluation"]["after"]["test"]["answered"] == 2
    base = AutoModelForCausalLM.from_pretrained(tmp_path / "adapter" / "base-model")
    model = PeftModel.from_pretrained(base, tmp_path / "adapter")
    config = json.loads((tmp_path / "adapter" / "adapter_config.json").read_text("utf-8"))
    assert config["base_model_name_or_path"] == "base-model"
    ids = torch.tensor([[1, 2, 3]])
    assert model(input_ids=ids).logits.shape[:2] == (1, 3)


def test_model_card_metadata_holds_the_evaluation_and_no_local_base(release):
    from huggingface_hub import ModelCard

    folder, manifest = release
    figures = manifest["reference_model"]
    data = ModelCard.load(folder / figures["path"] / "README.md").data
    assert data.base_model is None  # built from a config: nothing on the Hub to link to
    assert data.datasets is None  # the recipe publishes to no Hub repo
    after = figures["evaluation"]["after"]
    results = {(r.dataset_split, r.metric_type): r.metric_value for r in data.eval_results}
    assert results == {
        ("validation", "loss"): after["validation"]["loss"],
        ("validation", "perplexity"): after["validation"]["perplexity"],
        ("test", "loss"): after["test"]["loss"],
        ("test", "rouge"): after["test"]["rouge_l"],
    }
    assert {r.dataset_revision for r in data.eval_results} == {"v0.1.0"}


def test_model_card_links_a_hub_base_model_and_the_hub_targets_dataset(release, tmp_path):
    from huggingface_hub import ModelCard

    from zhiling.plugins.trainers import _model

    folder, manifest = release
    manifest["recipe"]["resolved"]["targets"] = [{"publish": "hub", "repo": "someone/quickstart"}]
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    links = SFT(model="someone/base-model")._links(tmp_path)
    card = ModelCard(_model.model_card(manifest["reference_model"], links))
    assert card.data.base_model == "someone/base-model"
    assert card.data.datasets == ["someone/quickstart"]
    assert {r.dataset_type for r in card.data.eval_results} == {"someone/quickstart"}
    local = SFT(model=str(folder / "reference-model"))._links(tmp_path)
    assert local.base_model is None


def test_options_are_checked_before_any_training():
    with pytest.raises(RecipeError, match="exactly one of 'model' or 'from_config'"):
        SFT()
    with pytest.raises(RecipeError, match="tiny, small"):
        SFT(from_config="huge")


def test_registers_its_recipe_name():
    registered = {}
    register_trainers(register=registered.__setitem__)
    assert registered == {"sft": SFT}
