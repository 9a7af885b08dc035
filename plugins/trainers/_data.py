"""Read a release's splits and turn chat ``messages`` into tokens with an assistant-only loss.

Only the assistant's tokens carry a label; the prompt is context. Templates
that mark the assistant with ``{% generation %}`` give the mask directly;
for others the mask is found by rendering the conversation up to each
assistant turn, which works for any template whose prefixes render as
prefixes (ChatML, Llama and Qwen templates do); it also labels what the
template writes after a turn, such as ChatML's newline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zhiling import StepError

IGNORE = -100  # the label torch's cross-entropy skips


def read_split(release_dir: Path, split: str) -> list[dict[str, Any]]:
    """Return the rows of ``split`` from the release's ``all`` config, in release order."""
    import pyarrow.parquet as pq

    files = sorted((release_dir / "all").glob(f"{split}-*.parquet"))
    rows: list[dict[str, Any]] = []
    for file in files:
        rows += pq.read_table(file, columns=["id", "messages", "lang", "output"]).to_pylist()
    return rows


def encode(tokenizer: Any, messages: list[dict[str, str]], max_length: int) -> dict[str, list[int]]:
    """Return ``input_ids`` and ``labels`` (IGNORE outside assistant turns), truncated."""
    if "{% generation %}" in (tokenizer.chat_template or ""):
        encoded = tokenizer.apply_chat_template(
            messages, tokenize=True, return_dict=True, return_assistant_tokens_mask=True
        )
        ids, mask = list(encoded["input_ids"]), list(encoded["assistant_masks"])
    else:
        ids, mask = _mask_by_prefixes(tokenizer, messages)
    labels = [token if keep else IGNORE for token, keep in zip(ids, mask, strict=True)]
    return {"input_ids": ids[:max_length], "labels": labels[:max_length]}


def train_examples(
    tokenizer: Any, rows: list[dict[str, Any]], max_length: int
) -> list[dict[str, list[int]]]:
    """Return the encoded rows that keep at least one answer token within ``max_length``.

    A prompt longer than ``max_length`` leaves nothing to learn from, and a
    batch of such rows would have an undefined loss; how many rows were used
    is reported with the figures.
    """
    examples = [encode(tokenizer, row["messages"], max_length) for row in rows]
    examples = [e for e in examples if any(label != IGNORE for label in e["labels"])]
    if not examples:
        raise StepError(f"no train example keeps an answer token within max_length {max_length}")
    return examples


def _render(tokenizer: Any, messages: list[dict[str, str]], prompt: bool) -> list[int]:
    text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=prompt)
    return list(tokenizer(text, add_special_tokens=False)["input_ids"])


def _mask_by_prefixes(
    tokenizer: Any, messages: list[dict[str, str]]
) -> tuple[list[int], list[int]]:
    ids = _render(tokenizer, messages, prompt=False)
    mask = [0] * len(ids)
    for turn, message in enumerate(messages):
        if message["role"] != "assistant":
            continue
        start = len(_render(tokenizer, messages[:turn], prompt=True))
        upto = _render(tokenizer, messages[: turn + 1], prompt=False)
        end = len(upto)
        if upto != ids[:end]:
            raise StepError(
                "the chat template does not render a conversation's prefix as a prefix; "
                "give the trainer a chat_template with {% generation %} markers"
            )
        mask[start:end] = [1] * (end - start)
    return ids, mask


def collate(batch: list[dict[str, list[int]]], pad_id: int) -> dict[str, Any]:
    """Pad a batch on the right and return tensors for a causal language model."""
    import torch

    width = max(len(item["input_ids"]) for item in batch)
    ids, labels, attention = [], [], []
    for item in batch:
        gap = width - len(item["input_ids"])
        ids.append(item["input_ids"] + [pad_id] * gap)
        labels.append(item["labels"] + [IGNORE] * gap)
        attention.append([1] * len(item["input_ids"]) + [0] * gap)
    return {
        "input_ids": torch.tensor(ids),
        "labels": torch.tensor(labels),
        "attention_mask": torch.tensor(attention),
    }
