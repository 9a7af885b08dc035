"""Run the training loop: transformers' ``Trainer`` on pre-tokenised, assistant-masked rows.

TRL's ``SFTTrainer`` would do the same with one more dependency: the
assistant-only loss is just the labels that ``_data.encode`` leaves unmasked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhiling import progress_stage
from zhiling.plugins.trainers._data import collate

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Schedule:
    """How long and how fast to train."""

    max_steps: int
    batch_size: int
    learning_rate: float
    seed: int
    gradient_checkpointing: bool
    bf16: bool


def fit(
    model: Any, tokenizer: Any, examples: list[dict[str, list[int]]], plan: Schedule, scratch: Path
) -> dict[str, Any]:
    """Train ``model`` in place; return its steps, its loss at start and end, and tokens seen."""
    from transformers import Trainer, TrainingArguments
    from transformers.trainer_callback import PrinterCallback

    args = TrainingArguments(
        output_dir=str(scratch),
        max_steps=plan.max_steps,
        per_device_train_batch_size=plan.batch_size,
        learning_rate=plan.learning_rate,
        lr_scheduler_type="cosine",
        warmup_steps=max(1, plan.max_steps // 10),
        logging_steps=1,
        save_strategy="no",
        report_to=[],
        disable_tqdm=True,
        seed=plan.seed,
        data_seed=plan.seed,
        use_cpu=not plan.bf16,
        bf16=plan.bf16,
        activation_checkpointing=plan.gradient_checkpointing,
        remove_unused_columns=False,
        include_num_input_tokens_seen="non_padding",
    )
    if plan.gradient_checkpointing and hasattr(model, "enable_input_require_grads"):
        model.enable_input_require_grads()  # a frozen LoRA base has no grad at its inputs
    trainer = Trainer(
        model=model,
        args=args,
        train_dataset=examples,
        data_collator=lambda batch: collate(batch, tokenizer.pad_token_id),
    )
    trainer.remove_callback(PrinterCallback)
    trainer.add_callback(_shown_steps())
    trainer.train()
    losses = [h["loss"] for h in trainer.state.log_history if "loss" in h]
    # One step's loss depends on its batch; the mean of a tenth of the steps
    # at each end says whether training went anywhere.
    window = max(1, len(losses) // 10)
    start, end = sum(losses[:window]) / window, sum(losses[-window:]) / window
    logger.info("trained %d steps: loss %.3f → %.3f", len(losses), start, end)
    return {
        "steps": len(losses),
        "examples": len(examples),
        "losses": {"start": round(start, 4), "end": round(end, 4), "window": window},
        "tokens_seen": int(trainer.state.num_input_tokens_seen),
    }


def _shown_steps() -> Any:
    """Return a callback showing steps, loss and ETA as a zhiling progress stage.

    The trainer's own tqdm bar is off: it would draw even in quiet mode and,
    without a terminal, print nothing until the end.
    """
    from transformers import TrainerCallback

    class ShownSteps(TrainerCallback):
        def on_train_begin(self, args, state, control, **kwargs):
            self.shown = progress_stage("train", total=state.max_steps, unit="steps")

        def on_log(self, args, state, control, logs=None, **kwargs):
            if logs and "loss" in logs:
                self.shown.note = f"loss {logs['loss']:.3f}"

        def on_step_end(self, args, state, control, **kwargs):
            self.shown.set(state.global_step)

        def on_train_end(self, args, state, control, **kwargs):
            self.shown.close()

    return ShownSteps()
