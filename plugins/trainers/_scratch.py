"""Models and tokenizers built from nothing but a config and the release text.

A reference model must be trainable where no pretrained weights can be
downloaded, so ``from_config`` gives a randomly initialised Qwen2-style model
and a byte-level BPE tokenizer learned from the release itself. Byte-level BPE
never meets an unknown character, so any Chinese text encodes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from zhiling import RecipeError

#: A ChatML-like template. ``{% generation %}`` marks the assistant's tokens, so
#: ``apply_chat_template(..., return_assistant_tokens_mask=True)`` can find them.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' }}"
    "{% if message['role'] == 'assistant' %}"
    "{% generation %}{{ message['content'] + '<|im_end|>' }}{% endgeneration %}"
    "{% else %}{{ message['content'] + '<|im_end|>' }}{% endif %}"
    "{{ '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
#: Qwen2's pre-tokenizer split: contractions, letter runs, single digits, punctuation runs.
SPLIT = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}"
    r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)
SPECIAL_TOKENS = ("<|endoftext|>", "<|im_start|>", "<|im_end|>")

#: Model sizes by name: ``tiny`` (about 2 M parameters) for tests and quick
#: checks, ``small`` (about 30 M) for a reference model worth reading.
PRESETS: dict[str, dict[str, int]] = {
    "tiny": {
        "vocab_size": 2048,
        "hidden_size": 192,
        "intermediate_size": 512,
        "num_hidden_layers": 4,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "max_position_embeddings": 1024,
    },
    "small": {
        "vocab_size": 8192,
        "hidden_size": 512,
        "intermediate_size": 1408,
        "num_hidden_layers": 8,
        "num_attention_heads": 8,
        "num_key_value_heads": 4,
        "max_position_embeddings": 2048,
    },
}


def train_tokenizer(texts: Iterable[str], vocab_size: int) -> Any:
    """Return a byte-level BPE ``PreTrainedTokenizerFast`` learned from ``texts``."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    core = Tokenizer(models.BPE())
    # The same pipeline as transformers' Qwen2Tokenizer, which ``AutoTokenizer``
    # picks when it reloads this tokenizer beside a Qwen2 config: any other
    # split would tokenize differently after a save and reload.
    core.normalizer = normalizers.NFC()
    core.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(SPLIT), behavior="isolated"),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )
    core.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=list(SPECIAL_TOKENS),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    core.train_from_iterator(texts, trainer=trainer)
    return PreTrainedTokenizerFast(
        tokenizer_object=core,
        bos_token=None,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        chat_template=CHAT_TEMPLATE,
        model_max_length=PRESETS["small"]["max_position_embeddings"],
    )


def model_config(sizes: dict[str, int], tokenizer: Any) -> Any:
    """Return a ``Qwen2Config`` with ``sizes`` whose vocabulary matches ``tokenizer``."""
    from transformers import Qwen2Config

    options: dict[str, Any] = {**sizes, "vocab_size": len(tokenizer)}
    return Qwen2Config(
        **options,
        tie_word_embeddings=True,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=None,
    )


def build(preset: str, texts: Iterable[str], dtype: Any) -> tuple[Any, Any]:
    """Return a fresh model of size ``preset`` and a tokenizer learned from ``texts``."""
    from transformers import AutoModelForCausalLM

    if preset not in PRESETS:
        raise RecipeError(f"from_config must be one of {', '.join(PRESETS)}, got {preset!r}")
    tokenizer = train_tokenizer(texts, PRESETS[preset]["vocab_size"])
    model = AutoModelForCausalLM.from_config(model_config(PRESETS[preset], tokenizer), dtype=dtype)
    return model, tokenizer
