"""``sft``: fine-tune a small reference model on a release's ``messages`` and evaluate it.

The loss covers assistant tokens only. Evaluation runs before and after
training on the validation and test splits, so the card shows what the data
taught: loss and perplexity, ROUGE-L of greedy answers on test, and a
gendered-pronoun probe set beside the same count in the training answers.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from zhiling import PluginError, RecipeError, hookimpl

PRESETS = ("tiny", "small")
SPLITS = ("train", "validation", "test")
INSTALL = "pip install 'zhiling[train]'"


@dataclass(kw_only=True)
class SFT:
    """Supervised fine-tuning of a local model folder, a Hub model, or one built from a preset.

    Nothing is downloaded unless ``model`` names a Hub id. ``from_config``
    (``tiny`` or ``small``) builds a model and a byte-level BPE tokenizer from
    the release alone. ``chat_template`` is a Jinja file (relative to the
    recipe) that replaces the tokenizer's template.
    """

    model: str | None = None
    from_config: str | None = None
    lora: bool = False
    lora_rank: int = 8
    max_steps: int = 200
    batch_size: int = 8
    learning_rate: float | None = None
    max_length: int = 512
    gradient_checkpointing: bool = False
    chat_template: str | None = None
    seed: int = 0
    eval_examples: int = 64
    max_new_tokens: int = 64
    base_dir: Path | None = None

    def __post_init__(self) -> None:
        if (self.model is None) == (self.from_config is None):
            raise RecipeError("give the trainer exactly one of 'model' or 'from_config'")
        if self.from_config is not None and self.from_config not in PRESETS:
            raise RecipeError(
                f"from_config must be one of {', '.join(PRESETS)}: {self.from_config!r}"
            )
        if self.max_steps < 1 or self.batch_size < 1:
            raise RecipeError("max_steps and batch_size must be positive")
        base = Path(self.base_dir or ".")
        # A local folder is loaded by its absolute path, so an adapter's config
        # finds its base from any working directory; the card shows the name given.
        self.model_name = self.model
        if self.model is not None and (base / self.model).is_dir():
            self.model = str((base / self.model).resolve())
        if self.chat_template:
            self.chat_template = (base / self.chat_template).read_text(encoding="utf-8")

    @property
    def rate(self) -> float:
        """Return the learning rate: fresh weights learn fast, pretrained ones are nudged."""
        return self.learning_rate or (1e-3 if self.from_config else 2e-4 if self.lora else 2e-5)

    def train(self, release_dir: Path, output_dir: Path) -> dict[str, Any]:
        """Train on ``release_dir``, save the model into ``output_dir``, return the figures."""
        try:
            import torch
            from transformers import set_seed
        except ImportError as exc:
            raise PluginError(f"trainer 'sft' needs the train extra: {INSTALL}") from exc
        from zhiling.plugins.trainers import _data, _evaluate, _fairness, _fit, _model

        started = time.perf_counter()
        set_seed(self.seed)
        splits = {name: _data.read_split(release_dir, name) for name in SPLITS}
        if not splits["train"]:
            raise PluginError(f"release {release_dir} has no train split to train on")
        texts = [m["content"] for row in splits["train"] for m in row["messages"]]
        model, tokenizer = _model.load(
            self.model, self.from_config, self.chat_template, texts, _model.weight_dtype(self.lora)
        )
        model.to("cuda" if torch.cuda.is_available() else "cpu")
        output_dir.mkdir(parents=True, exist_ok=True)
        evaluate = partial(
            _evaluate.evaluate,
            tokenizer=tokenizer,
            splits=splits,
            max_length=self.max_length,
            max_new_tokens=self.max_new_tokens,
            answered=self.eval_examples,
        )
        before = evaluate(model)
        if self.lora:
            model = _model.add_lora(model, tokenizer, output_dir, self.lora_rank)
        examples = _data.train_examples(tokenizer, splits["train"], self.max_length)
        plan = _fit.Schedule(
            self.max_steps,
            self.batch_size,
            self.rate,
            self.seed,
            self.gradient_checkpointing,
            bf16=torch.cuda.is_available(),
        )
        with TemporaryDirectory(prefix="zhiling-sft-") as scratch:
            trained = _fit.fit(model, tokenizer, examples, plan, Path(scratch))
        figures = self._figures(release_dir, model, trained, plan, before, evaluate(model))
        figures["fairness"]["data"] = _fairness.data_male_share(splits["train"])
        figures["wall_time_s"] = round(time.perf_counter() - started, 1)
        _model.save(model, tokenizer, output_dir, figures, self._links(release_dir))
        return figures

    def _links(self, release_dir: Path) -> Any:
        """Return the Hub ids the model card links to: a Hub base model, the hub target's repo."""
        from zhiling.plugins.trainers import _model

        manifest = json.loads((release_dir / "manifest.json").read_text(encoding="utf-8"))
        targets = manifest.get("recipe", {}).get("resolved", {}).get("targets") or []
        repos = [t["repo"] for t in targets if isinstance(t, dict) and t.get("publish") == "hub"]
        # A local folder was resolved to its path in __post_init__; only a Hub id is left as given.
        on_hub = self.model is not None and not Path(self.model).is_dir()
        return _model.HubLinks(self.model_name if on_hub else None, repos[0] if repos else None)

    def _figures(
        self, release_dir: Path, model: Any, trained: dict, plan: Any, before: dict, after: dict
    ) -> dict[str, Any]:
        from zhiling.plugins.trainers import _model

        manifest = json.loads((release_dir / "manifest.json").read_text(encoding="utf-8"))
        return {
            "trainer": "sft",
            "dataset": {key: manifest[key] for key in ("name", "version", "content_sha256")},
            "base_model": self.model_name or f"from_config:{self.from_config}",
            "lora": self.lora,
            "parameters": sum(p.numel() for p in model.parameters()),
            "trainable_parameters": sum(p.numel() for p in model.parameters() if p.requires_grad),
            "steps": trained["steps"],
            "train_examples": trained["examples"],
            "tokens_seen": trained["tokens_seen"],
            "hardware": _model.hardware(),
            "precision": "bf16 autocast" if plan.bf16 else "fp32",
            "seed": self.seed,
            "train_loss": trained["losses"],
            "evaluation": {"before": before, "after": after},
            "fairness": {
                "model_before": before.pop("fairness"),
                "model_after": after.pop("fairness"),
            },
        }


@hookimpl
def register_trainers(register):
    register("sft", SFT)
