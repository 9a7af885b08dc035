"""The dataset card's "Reference model" section, rendered from ``manifest["reference_model"]``.

Every figure comes from the manifest, so the card and the manifest agree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SUMMARY = ["base model", "LoRA", "parameters", "steps", "tokens seen", "hardware", "precision"]
SUMMARY_KEYS = ("lora", "parameters", "steps", "tokens_seen", "hardware", "precision")
LOSSES = ["split", "language", "loss before", "loss after", "perplexity before", "perplexity after"]


def _loss_rows(before: dict[str, Any], after: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for split in ("validation", "test"):
        pairs = [("all", before[split], after[split])] + [
            (lang, old, after[split]["by_lang"][lang])
            for lang, old in before[split]["by_lang"].items()
        ]
        for lang, old, new in pairs:
            rows.append(
                [split, lang, old["loss"], new["loss"], old["perplexity"], new["perplexity"]]
            )
    return rows


def _rouge_rows(before: dict[str, Any], after: dict[str, Any]) -> list[list[Any]]:
    rows = [["all", before["rouge_l"], after["rouge_l"]]]
    for lang, old in before["by_lang"].items():
        rows.append([lang, old["rouge_l"], after["by_lang"][lang]["rouge_l"]])
    return rows


def _probe_rows(fairness: dict[str, Any]) -> list[list[Any]]:
    return [
        [
            lang,
            f"{data['male_share'] if data['male_share'] is not None else 'n/a'} "
            f"({data['male']} / {data['female']})",
            fairness["model_before"][lang]["male_share"],
            fairness["model_after"][lang]["male_share"],
        ]
        for lang, data in fairness["data"].items()
    ]


def reference_model_section(manifest: dict[str, Any], table: Callable[..., str]) -> str:
    """Return the card's "Reference model" section, or "" when no model was trained."""
    model = manifest.get("reference_model")
    if not model:
        return ""
    before, after = model["evaluation"]["before"], model["evaluation"]["after"]
    summary = [f"`{model['base_model']}`", *(model[key] for key in SUMMARY_KEYS)]
    loss = model["train_loss"]
    audits = " The data's own audits are in the Audits section." if manifest["audits"] else ""
    parts = [
        "## Reference model",
        f"A model trained on this release by trainer `{model['trainer']}` in "
        f"{model['wall_time_s']} s, saved in `{model['path']}/` with its own card. Training "
        f"loss went from {loss['start']} to {loss['end']} (means of the first and last "
        f"{loss['window']} steps).",
        table(SUMMARY, [summary]),
        "Loss and perplexity on the assistant's tokens, before and after training:",
        table(LOSSES, _loss_rows(before, after)),
        "ROUGE-L F1 of greedy answers on the test split, on characters for Chinese and on "
        "words for English, before and after training:",
        table(["language", "before", "after"], _rouge_rows(before["test"], after["test"])),
        "Fairness probe: the share of the male pronoun (他, he) against the female one (她, "
        "she) right after occupation prompts, where 0.5 is parity, beside the same share "
        f"among the pronouns of the training answers (male / female counts).{audits}",
        table(
            ["language", "training answers", "model before", "model after"],
            _probe_rows(model["fairness"]),
        ),
    ]
    return "\n\n".join(parts) + "\n"
