"""Evaluate a causal language model on a release: loss, perplexity, ROUGE-L and a fairness probe.

ROUGE-L is the F-measure of the longest common subsequence of a generated
answer and the reference answer. Chinese is compared character by character
(Chinese has no spaces, and a word segmenter would make the score depend on
its dictionary); English word by word, lower-cased. Written here because it
is a short dynamic programme and `rouge-score`'s tokeniser drops Chinese.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import regex

from zhiling import batched
from zhiling.plugins.trainers._data import collate, encode
from zhiling.plugins.trainers._fairness import fairness_probe

WORD = regex.compile(r"\w+")


def units(text: str, lang: str) -> list[str]:
    """Return what ROUGE-L compares: characters for Chinese, lower-cased words otherwise."""
    if lang.startswith("zh"):
        return [char for char in text if not char.isspace()]
    return WORD.findall(text.lower())


def rouge_l(candidate: str, reference: str, lang: str) -> float:
    """Return the ROUGE-L F1 of ``candidate`` against ``reference`` (0 when either is empty)."""
    got, want = units(candidate, lang), units(reference, lang)
    if not got or not want:
        return 0.0
    previous = [0] * (len(want) + 1)
    for token in got:
        current = [0]
        for j, other in enumerate(want):
            current.append(previous[j] + 1 if token == other else max(previous[j + 1], current[j]))
        previous = current
    common = previous[-1]
    if common == 0:
        return 0.0
    precision, recall = common / len(got), common / len(want)
    return 2 * precision * recall / (precision + recall)


def _loss_figures(total: float, tokens: float) -> dict[str, float | int | None]:
    if not tokens:
        return {"loss": None, "perplexity": None, "tokens": 0}
    loss = total / tokens
    return {"loss": round(loss, 4), "perplexity": round(math.exp(loss), 2), "tokens": int(tokens)}


def losses(model: Any, tokenizer: Any, rows: list[dict[str, Any]], max_length: int) -> dict:
    """Return the assistant-token loss and perplexity of ``rows``, overall and per language."""
    import torch

    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    model.eval()
    with torch.no_grad():
        for batch in batched(rows, 8):
            encoded = [encode(tokenizer, row["messages"], max_length) for row in batch]
            tensors = {k: v.to(model.device) for k, v in collate(encoded, 0).items()}
            logits = model(
                input_ids=tensors["input_ids"], attention_mask=tensors["attention_mask"]
            ).logits.float()
            labels = tensors["labels"][:, 1:]
            per_token = torch.nn.functional.cross_entropy(
                logits[:, :-1].transpose(1, 2), labels, ignore_index=-100, reduction="none"
            )
            for row, loss, mask in zip(batch, per_token, labels != -100, strict=True):
                for key in ("all", row["lang"]):
                    totals[key][0] += float(loss[mask].sum())
                    totals[key][1] += int(mask.sum())
    overall = _loss_figures(*totals.pop("all", [0.0, 0]))
    return {**overall, "by_lang": {k: _loss_figures(*v) for k, v in sorted(totals.items())}}


def answer_quality(
    model: Any, tokenizer: Any, rows: list[dict[str, Any]], max_new_tokens: int
) -> dict:
    """Return the mean ROUGE-L of greedy answers to ``rows``, overall and per language."""
    import torch

    scores: dict[str, list[float]] = defaultdict(list)
    model.eval()
    for row in rows:
        prompt = [m for m in row["messages"] if m["role"] != "assistant"]
        ids = tokenizer.apply_chat_template(
            prompt, tokenize=True, add_generation_prompt=True, return_dict=True
        )["input_ids"]
        with torch.no_grad():
            out = model.generate(
                torch.tensor([ids], device=model.device),
                max_new_tokens=max_new_tokens,
                do_sample=False,
                pad_token_id=tokenizer.pad_token_id,
                eos_token_id=tokenizer.eos_token_id,
            )
        answer = tokenizer.decode(out[0, len(ids) :], skip_special_tokens=True)
        score = rouge_l(answer, row["output"], row["lang"])
        scores["all"].append(score)
        scores[row["lang"]].append(score)
    mean = {key: round(sum(v) / len(v), 4) for key, v in scores.items()}
    overall = mean.pop("all", 0.0)
    return {"rouge_l": overall, "by_lang": {k: {"rouge_l": v} for k, v in sorted(mean.items())}}


def evaluate(
    model: Any,
    *,
    tokenizer: Any,
    splits: dict[str, list],
    max_length: int,
    max_new_tokens: int,
    answered: int,
) -> dict[str, Any]:
    """Return validation and test losses, ROUGE-L on ``answered`` test rows, and the probe."""
    test = losses(model, tokenizer, splits["test"], max_length)
    quality = answer_quality(model, tokenizer, splits["test"][:answered], max_new_tokens)
    for lang, figures in quality.pop("by_lang").items():
        test["by_lang"].setdefault(lang, {}).update(figures)
    return {
        "validation": losses(model, tokenizer, splits["validation"], max_length),
        "test": {**test, **quality, "answered": min(answered, len(splits["test"]))},
        "fairness": fairness_probe(model, tokenizer),
    }
