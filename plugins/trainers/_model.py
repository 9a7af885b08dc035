"""Load, build, adapt and save the model a trainer fine-tunes, with the model's own card."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhiling import PluginError
from zhiling.plugins.trainers import _scratch

BASE_DIR = "base-model"  # where a LoRA adapter's locally built base is saved


def hardware() -> str:
    """Return what the model trains on, for the card."""
    import torch

    if torch.cuda.is_available():
        return f"cuda: {torch.cuda.get_device_name(0)}"
    return f"cpu ({torch.get_num_threads()} threads)"


def weight_dtype(lora: bool) -> Any:
    """Return the dtype to load weights in: bf16 for a frozen LoRA base on CUDA, else fp32.

    Fully trained weights stay fp32 and train under bf16 autocast on CUDA, so
    optimizer updates are not lost to bf16 rounding.
    """
    import torch

    return torch.bfloat16 if lora and torch.cuda.is_available() else torch.float32


def load(
    model: str | None,
    from_config: str | None,
    chat_template: str | None,
    texts: list[str],
    dtype: Any,
) -> tuple[Any, Any]:
    """Return the model and tokenizer: built from a preset, or loaded from a folder or Hub id."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if from_config:
        built, tokenizer = _scratch.build(from_config, texts, dtype)
    else:
        assert model is not None, "the trainer checks that model or from_config is given"
        built = AutoModelForCausalLM.from_pretrained(model, dtype=dtype)
        tokenizer = AutoTokenizer.from_pretrained(model)
    if chat_template:
        tokenizer.chat_template = chat_template
    if not tokenizer.chat_template:
        raise PluginError(
            f"the tokenizer of {model!r} has no chat template; give the trainer a chat_template"
        )
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    return built, tokenizer


def add_lora(model: Any, tokenizer: Any, output_dir: Path, rank: int) -> Any:
    """Return ``model`` wrapped with a LoRA adapter; a base built here is saved first.

    peft records where the base came from; a model built from a config has no
    such place until it is saved, so it is saved to ``output_dir/base-model``
    and reloaded from there.
    """
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    if not model.name_or_path:
        base = output_dir / BASE_DIR
        model.save_pretrained(base)
        tokenizer.save_pretrained(base)
        model = AutoModelForCausalLM.from_pretrained(base, dtype=model.dtype)
    config = LoraConfig(
        r=rank, lora_alpha=2 * rank, target_modules="all-linear", task_type="CAUSAL_LM"
    )
    with warnings.catch_warnings():
        # peft 0.21 reads transformers 5's deprecated ``is_gradient_checkpointing``.
        warnings.filterwarnings("ignore", "`is_gradient_checkpointing`", FutureWarning)
        return get_peft_model(model, config)


def save(
    model: Any, tokenizer: Any, output_dir: Path, figures: dict[str, Any], links: HubLinks
) -> None:
    """Save the model (or adapter), its tokenizer and a model card into ``output_dir``."""
    model.save_pretrained(output_dir)
    tokenizer.save_pretrained(output_dir)
    adapter_config = output_dir / "adapter_config.json"
    if (output_dir / BASE_DIR).is_dir() and adapter_config.is_file():
        # The base was saved in a scratch folder that is renamed on publishing:
        # name it relative to the adapter instead.
        config = json.loads(adapter_config.read_text(encoding="utf-8"))
        config["base_model_name_or_path"] = BASE_DIR
        adapter_config.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    (output_dir / "README.md").write_text(model_card(figures, links), encoding="utf-8")


@dataclass(frozen=True)
class HubLinks:
    """What the model card links to on the Hub: its base model and the dataset repo, if any."""

    base_model: str | None = None
    dataset_repo: str | None = None


def card_metadata(figures: dict[str, Any], links: HubLinks) -> Any:
    """Return the card's ``ModelCardData``: base model, dataset, and loss/ROUGE-L as results.

    ``datasets`` and ``base_model`` are only set for Hub ids, so the Hub can link
    model and dataset; the results name the dataset revision the release is
    tagged with (``v<version>``), so they stay tied to that exact data.
    """
    from huggingface_hub import EvalResult, ModelCardData

    dataset = figures["dataset"]
    after = figures["evaluation"]["after"]
    common: dict[str, Any] = {
        "task_type": "text-generation",
        "dataset_type": links.dataset_repo or dataset["name"],
        "dataset_name": f"{dataset['name']} {dataset['version']}",
        "dataset_revision": f"v{dataset['version']}",
    }
    results = [
        EvalResult(**common, dataset_split=split, metric_type=metric, metric_value=value)
        for split, metric, value in (
            ("validation", "loss", after["validation"]["loss"]),
            ("validation", "perplexity", after["validation"]["perplexity"]),
            ("test", "loss", after["test"]["loss"]),
            ("test", "rouge", after["test"]["rouge_l"]),
        )
    ]
    return ModelCardData(
        base_model=links.base_model,
        datasets=[links.dataset_repo] if links.dataset_repo else None,
        library_name="peft" if figures["lora"] else "transformers",
        pipeline_tag="text-generation",
        tags=["zhiling-reference"],
        model_name=f"{dataset['name']}-{dataset['version']}-reference",
        eval_results=results,
    )


def model_card(figures: dict[str, Any], links: HubLinks) -> str:
    """Return the model's README: what it is, what it was trained on, and its figures."""
    from huggingface_hub import ModelCard

    dataset = figures["dataset"]
    lora = figures["lora"]
    base = figures["base_model"]
    if lora and base.startswith("from_config:"):
        loading = (
            "from peft import PeftModel\n"
            "from transformers import AutoModelForCausalLM, AutoTokenizer\n\n"
            f'base = AutoModelForCausalLM.from_pretrained("path/to/this/folder/{BASE_DIR}")\n'
            'model = PeftModel.from_pretrained(base, "path/to/this/folder")\n'
        )
    elif lora:
        loading = (
            "from peft import AutoPeftModelForCausalLM\n"
            "from transformers import AutoTokenizer\n\n"
            'model = AutoPeftModelForCausalLM.from_pretrained("path/to/this/folder")\n'
        )
    else:
        loading = (
            "from transformers import AutoModelForCausalLM, AutoTokenizer\n\n"
            'model = AutoModelForCausalLM.from_pretrained("path/to/this/folder")\n'
        )
    loading += 'tokenizer = AutoTokenizer.from_pretrained("path/to/this/folder")'
    results = {"evaluation": figures["evaluation"], "fairness": figures["fairness"]}
    front = card_metadata(figures, links).to_yaml()
    body = (
        f"---\n{front}\n---\n\n"
        f"# Reference model for {dataset['name']} {dataset['version']}\n\n"
        f"A {'LoRA adapter' if lora else 'model'} trained by zhiling's `sft` trainer on the "
        f"`messages` of dataset release {dataset['name']} {dataset['version']} "
        f"(content sha256 `{dataset['content_sha256']}`), to show what the data teaches. "
        "It is a yardstick for the dataset, not a model to deploy.\n\n"
        f"Base model: `{base}`. Steps: {figures['steps']}. Tokens seen: "
        f"{figures['tokens_seen']}. Hardware: {figures['hardware']}. "
        f"Wall time: {figures['wall_time_s']} s.\n\n"
        "## Load it\n\n```python\n" + loading + "\n```\n\n"
        "## Evaluation\n\n```json\n" + json.dumps(results, ensure_ascii=False, indent=2) + "\n```\n"
    )
    return str(ModelCard(body))
