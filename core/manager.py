"""Build the plugin manager: built-in plugins first, then installed ones."""

from __future__ import annotations

import difflib
import importlib
import logging
import os
from collections.abc import Mapping, Sequence
from importlib import metadata
from typing import Any

import pluggy

from zhiling import hookspecs
from zhiling.errors import PluginError

GROUP = "zhiling"  # pluggy project name and entry-point group
DISABLE_VARIABLE = "ZHILING_DISABLE_PLUGINS"
TRACE_VARIABLE = "ZHILING_TRACE_HOOKS"

DEFAULT_PLUGINS = (
    "zhiling.plugins.sources.text_files",
    "zhiling.plugins.sources.jsonl",
    "zhiling.plugins.sources.debian_docs",
    "zhiling.plugins.sources.html_files",
    "zhiling.plugins.segmenters.jieba_words",
    "zhiling.plugins.segmenters.regex_words",
    "zhiling.plugins.filters.stopwords",
    "zhiling.plugins.filters.pair_quality",
    "zhiling.plugins.filters.language_id",
    "zhiling.plugins.filters.answer_complete",
    "zhiling.plugins.filters.decontaminate",
    "zhiling.plugins.extractors.purpose_method",
    "zhiling.plugins.extractors.faq",
    "zhiling.plugins.extractors.task_steps",
    "zhiling.plugins.extractors.desc_command",
    "zhiling.plugins.extractors.leadin_code",
    "zhiling.plugins.extractors.menu_path",
    "zhiling.plugins.extractors.man_option",
    "zhiling.plugins.extractors.man_entry",
    "zhiling.plugins.extractors.man_name",
    "zhiling.plugins.extractors.table_row",
    "zhiling.plugins.extractors.means_goal",
    "zhiling.plugins.extractors.prose_purpose",
    "zhiling.plugins.extractors.prose_means",
    "zhiling.plugins.extractors.help_entry",
    "zhiling.plugins.dedupers.exact",
    "zhiling.plugins.audits.question_frames",
    "zhiling.plugins.audits.source_counts",
    "zhiling.plugins.audits.token_stats",
    "zhiling.plugins.dedupers.minhash",
    "zhiling.plugins.dedupers.split_groups",
    "zhiling.plugins.dedupers.one_answer",
    "zhiling.plugins.release_targets.local_dir",
    "zhiling.plugins.release_targets.hf_hub",
    "zhiling.plugins.executors.local",
    "zhiling.plugins.executors.ray",
    "zhiling.plugins.cards.template",
    "zhiling.plugins.audits.pii",
    "zhiling.plugins.audits.lexicons",
    "zhiling.plugins.audits.bias",
    "zhiling.plugins.audits.toxicity",
    "zhiling.plugins.trainers.sft",
)

logger = logging.getLogger(__name__)


def make_plugin_manager(*, installed: bool = True) -> pluggy.PluginManager:
    """Return a manager holding the built-ins and, unless told not to, installed plugins.

    Tests pass ``installed=False`` so that whatever happens to be installed in
    the environment cannot change their outcome.
    """
    pm = pluggy.PluginManager(GROUP)
    pm.add_hookspecs(hookspecs)
    for module_name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(module_name), name=module_name)
    if installed:
        _load_installed(pm)
    reject_unknown_hooks(pm)
    if os.environ.get(TRACE_VARIABLE):
        pm.add_hookcall_monitoring(_trace_before, _trace_after)
    return pm


def _load_installed(pm: pluggy.PluginManager) -> None:
    disabled = {name.strip() for name in os.environ.get(DISABLE_VARIABLE, "").split(",")}
    for name in sorted(disabled - {""}):
        pm.set_blocked(name)
    for entry_point in sorted(metadata.entry_points(group=GROUP), key=lambda ep: ep.name):
        if entry_point.name in disabled:
            continue
        try:
            # One name at a time, so that a failure names its plugin; pluggy
            # still records the distribution, which the manifest lists.
            pm.load_setuptools_entrypoints(GROUP, name=entry_point.name)
        except Exception as exc:
            raise PluginError(
                f"plugin {entry_point.name!r} ({entry_point.value}) failed to load: "
                f"{type(exc).__name__}: {exc}. "
                f"To run without it, set {DISABLE_VARIABLE}={entry_point.name}"
            ) from exc


def reject_unknown_hooks(pm: pluggy.PluginManager) -> None:
    """Raise ``PluginError`` for any implementation of a hook nobody declared.

    pluggy accepts such an implementation and never calls it, so a misspelt
    hook name would otherwise fail silently.
    """
    callers = vars(pm.hook)
    known = sorted(name for name, caller in callers.items() if caller.has_spec())
    for name, caller in sorted(callers.items()):
        if caller.has_spec():
            continue
        for impl in caller.get_hookimpls():
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise PluginError(
                f"plugin {impl.plugin_name!r} implements unknown hook {name!r}{hint}. "
                f"To run without it, set {DISABLE_VARIABLE}={impl.plugin_name}"
            )


def plugin_versions(pm: pluggy.PluginManager) -> dict[str, str]:
    """Return each plugin distribution with its version, zhiling itself included."""
    versions = {"zhiling": _own_version()}
    for _plugin, dist in pm.list_plugin_distinfo():
        versions[dist.project_name] = dist.version
    return dict(sorted(versions.items()))


def _own_version() -> str:
    try:
        return metadata.version("zhiling")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def _trace_before(
    hook_name: str, impls: Sequence[pluggy.HookImpl], kwargs: Mapping[str, Any]
) -> None:
    plugins = ", ".join(impl.plugin_name for impl in impls)
    logger.info("hook %s(%s) -> [%s]", hook_name, ", ".join(sorted(kwargs)), plugins)


def _trace_after(
    outcome: pluggy.Result[Any],
    hook_name: str,
    impls: Sequence[pluggy.HookImpl],
    kwargs: Mapping[str, Any],
) -> None:
    logger.info("hook %s returned %r", hook_name, outcome.get_result())
