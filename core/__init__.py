"""zhiling: turn raw text into audited, versioned instruction datasets.

This module is the public API for plugin authors; every name a plugin needs is
listed in ``__all__`` and nothing else is promised. A plugin's tests may also
use ``zhiling.testing``, helpers to run one component on literal text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

from zhiling.card import CardContext
from zhiling.card_check import check_release
from zhiling.errors import PluginError, RecipeError, ReleaseError, StepError, ZhilingError
from zhiling.faults import die_with_parent, remove_dead
from zhiling.hookspecs import hookimpl
from zhiling.kinds import Shard
from zhiling.precision import shipped_precision
from zhiling.progress import Stage
from zhiling.progress import stage as progress_stage
from zhiling.records import (
    BLOCK_KINDS,
    Block,
    Record,
    chat_messages,
    content_id,
    document_id,
    instruction_record,
    requalified,
)
from zhiling.release import file_sha256
from zhiling.release_files import publishable as publishable_files

__all__ = [
    "BLOCK_KINDS",
    "Block",
    "CardContext",
    "PluginError",
    "RecipeError",
    "Record",
    "ReleaseError",
    "Shard",
    "Stage",
    "StepError",
    "ZhilingError",
    "batched",
    "chat_messages",
    "check_release",
    "content_id",
    "die_with_parent",
    "document_id",
    "file_sha256",
    "hookimpl",
    "instruction_record",
    "progress_stage",
    "publishable_files",
    "remove_dead",
    "requalified",
    "shipped_precision",
]

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Yield lists of up to ``size`` items, for components that work faster in batches."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
