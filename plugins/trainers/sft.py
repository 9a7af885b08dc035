"""``sft``: fine-tune a small reference model on a release's ``messages`` and evaluate it.

The loss covers assistant tokens only. Evaluation runs before and after
training on the validation and test splits, so the card shows what the data
taught: loss and perplexity, ROUGE-L of greedy answers on test, and a
gendered-pronoun probe set beside the same count in the training answers.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from zhiling import PluginError, RecipeError, hookimpl

PRESETS = ("tiny", "small")
INSTALL = "pip install 'zhiling[train]'"


class SFT:
    """Supervised fine-tuning of a local model folder, a Hub model, or one built from a preset.

    Nothing is downloaded unless ``model`` names a Hub id. ``from_config``
    (``tiny`` or ``small``) builds a model and a byte-level BPE tokenizer from
    the release alone. ``chat_template`` is a Jinja file (relative to the
    recipe) that replaces the tokenizer's template.
    """

    def __init__(
        self,
        *,
        model: str | None = None,
        from_config: str | None = None,
        lora: bool = False,
        lora_rank: int = 8,
        max_steps: int = 200,
        batch_size: int = 8,
        learning_rate: float | None = None,
        max_length: int = 512,
        gradient_checkpointing: bool = False,
        chat_template: str | None = None,
        seed: int = 0,
        eval_examples: int = 64,
        max_new_tokens: int = 64,
        base_dir: Path | None = None,
    ) -> None:
        if (model is None) == (from_config is None):
            raise RecipeError("give the trainer exactly one of 'model' or 'from_config'")
        if from_config is not None and from_config not in PRESETS:
            raise RecipeError(f"from_config must be one of {', '.join(PRESETS)}: {from_config!r}")
        if max_steps < 1 or batch_size < 1:
            raise RecipeError("max_steps and batch_size must be positive")
        self.model, self.from_config, self.lora, self.lora_rank = (
            model,
            from_config,
            lora,
            lora_rank,
        )
        self.max_steps, self.batch_size, self.max_length = max_steps, batch_size, max_length
        # Fresh weights learn fast; pretrained ones are nudged; adapters sit between.
        default_rate = 1e-3 if from_config else (2e-4 if lora else 2e-5)
        self.learning_rate = learning_rate or default_rate
        self.gradient_checkpointing, self.seed = gradient_checkpointing, seed
        self.eval_examples, self.max_new_tokens = eval_examples, max_new_tokens
        template = Path(base_dir or ".") / chat_template if chat_template else None
        self.chat_template = template.read_text(encoding="utf-8") if template else None

    def train(self, release_dir: Path, output_dir: Path) -> dict[str, Any]:
        """Train on ``release_dir``, save the model into ``output_dir``, return the figures."""
        try:
            import torch
            from transformers import set_seed
        except ImportError as exc:
            raise PluginError(f"trainer 'sft' needs the train extra: {INSTALL}") from exc
        from zhiling.plugins.trainers import _data, _evaluate, _fit, _model

        started = time.perf_counter()
        set_seed(self.seed)
        splits = {name: _data.read_split(release_dir, name) for name in ("train", "validation")}
        splits["test"] = _data.read_split(release_dir, "test")[: self.eval_examples]
        if not splits["train"]:
            raise PluginError(f"release {release_dir} has no train split to train on")
        texts = [m["content"] for row in splits["train"] for m in row["messages"]]
        dtype = _model.weight_dtype(self.lora)
        model, tokenizer = _model.load(
            self.model, self.from_config, self.chat_template, texts, dtype
        )
        model.to("cuda" if torch.cuda.is_available() else "cpu")
        output_dir.mkdir(parents=True, exist_ok=True)
        before = self._evaluate(model, tokenizer, splits)
        if self.lora:
            model = _model.add_lora(model, tokenizer, output_dir, self.lora_rank)
        examples = [
            _data.encode(tokenizer, r["messages"], self.max_length) for r in splits["train"]
        ]
        plan = _fit.Schedule(
            self.max_steps,
            self.batch_size,
            self.learning_rate,
            self.seed,
            self.gradient_checkpointing,
            bf16=torch.cuda.is_available(),
        )
        with TemporaryDirectory(prefix="zhiling-sft-") as scratch:
            trained = _fit.fit(model, tokenizer, examples, plan, Path(scratch))
        after = self._evaluate(model, tokenizer, splits)
        fairness = {
            "data": _evaluate.data_male_share(splits["train"]),
            "model_before": before.pop("fairness"),
            "model_after": after.pop("fairness"),
        }
        figures = {
            "trainer": "sft",
            "dataset": _dataset(release_dir),
            "base_model": self.model or f"from_config:{self.from_config}",
            "lora": self.lora,
            "parameters": sum(p.numel() for p in model.parameters()),
            "trainable_parameters": sum(p.numel() for p in model.parameters() if p.requires_grad),
            "steps": len(trained["losses"]),
            "tokens_seen": trained["tokens_seen"],
            "hardware": _model.hardware(),
            "precision": "bf16 autocast" if plan.bf16 else "fp32",
            "seed": self.seed,
            "train_loss": {"first": trained["losses"][0], "last": trained["losses"][-1]},
            "evaluation": {"before": before, "after": after},
            "fairness": fairness,
        }
        figures["wall_time_s"] = round(time.perf_counter() - started, 1)
        _model.save(model, tokenizer, output_dir, figures)
        return figures

    def _evaluate(self, model: Any, tokenizer: Any, splits: dict[str, list]) -> dict[str, Any]:
        from zhiling.plugins.trainers import _evaluate

        test = _evaluate.losses(model, tokenizer, splits["test"], self.max_length)
        quality = _evaluate.answer_quality(model, tokenizer, splits["test"], self.max_new_tokens)
        for lang, figures in quality.pop("by_lang").items():
            test["by_lang"].setdefault(lang, {}).update(figures)
        return {
            "validation": _evaluate.losses(model, tokenizer, splits["validation"], self.max_length),
            "test": {**test, **quality},
            "fairness": _evaluate.fairness_probe(model, tokenizer),
        }


def _dataset(release_dir: Path) -> dict[str, str]:
    manifest = json.loads((release_dir / "manifest.json").read_text(encoding="utf-8"))
    return {key: manifest[key] for key in ("name", "version", "content_sha256")}


@hookimpl
def register_trainers(register):
    register("sft", SFT)
