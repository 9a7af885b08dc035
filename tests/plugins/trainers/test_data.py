import pytest

pytest.importorskip("transformers")

from zhiling.plugins.trainers._data import IGNORE, collate, encode
from zhiling.plugins.trainers._scratch import CHAT_TEMPLATE, train_tokenizer

pytestmark = pytest.mark.train

MESSAGES = [
    {"role": "user", "content": "如何查看磁盘空间？"},
    {"role": "assistant", "content": "运行 df -h 即可。"},
]


@pytest.fixture(scope="module")
def tokenizer():
    texts = [m["content"] for m in MESSAGES] * 20 + ["How do I list files? Run ls."] * 20
    return train_tokenizer(texts, vocab_size=400)


def labelled_text(tokenizer, example):
    return tokenizer.decode([t for t in example["labels"] if t != IGNORE])


def test_only_the_assistant_answer_carries_labels(tokenizer):
    example = encode(tokenizer, MESSAGES, max_length=512)
    assert labelled_text(tokenizer, example) == "运行 df -h 即可。<|im_end|>"
    assert len(example["labels"]) == len(example["input_ids"])


def test_templates_without_generation_markers_mask_by_rendered_prefixes(tokenizer):
    marked = encode(tokenizer, MESSAGES, max_length=512)
    plain = CHAT_TEMPLATE.replace("{% generation %}", "").replace("{% endgeneration %}", "")
    tokenizer.chat_template = plain
    try:
        found = encode(tokenizer, MESSAGES, max_length=512)
    finally:
        tokenizer.chat_template = CHAT_TEMPLATE
    assert found["input_ids"] == marked["input_ids"]
    # The fallback also labels what the template writes after the turn: a newline.
    assert labelled_text(tokenizer, found) == labelled_text(tokenizer, marked) + "\n"


def test_collate_pads_inputs_and_ignores_padding_in_labels(tokenizer):
    short = encode(tokenizer, MESSAGES, max_length=5)
    long = encode(tokenizer, MESSAGES, max_length=512)
    batch = collate([short, long], pad_id=tokenizer.pad_token_id)
    assert batch["input_ids"].shape == (2, len(long["input_ids"]))
    assert batch["attention_mask"][0].sum() == 5
    assert (batch["labels"][0, 5:] == IGNORE).all()
