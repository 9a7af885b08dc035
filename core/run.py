"""Run a recipe end to end: map shards, reduce, audit, write, train and publish the release."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pluggy

from zhiling.card import CardContext, hub_metadata, read_template
from zhiling.charts import write_charts
from zhiling.errors import PluginError, ReleaseError, ZhilingError
from zhiling.gates import REPORT_SECTION, check_gates
from zhiling.kinds import KINDS, NamedInputs, Shard
from zhiling.leakage import measure_leakage
from zhiling.manager import make_plugin_manager
from zhiling.patterns import PatternGate
from zhiling.pipeline import AuditRunner, DropLog, Pipeline, StepStats
from zhiling.progress import CountWatcher, stage
from zhiling.provenance import used_components, used_plugins
from zhiling.recipe import Recipe, Step, build, load_recipe
from zhiling.records import Record
from zhiling.registry import Registry
from zhiling.release import ReleaseWriter, file_sha256, split_of
from zhiling.release_files import checksums
from zhiling.report import build_report, write_json
from zhiling.shards import MapTask, distribute, land, merge_stats, read_spools, run_map
from zhiling.workdir import open_work

logger = logging.getLogger(__name__)

#: Where a recipe's reference model is saved inside its release.
REFERENCE_DIR = "reference-model"


@dataclass(frozen=True)
class RunResult:
    """Where the release went and the manifest it was written with."""

    destinations: list[str]
    manifest: dict[str, Any]


def _executor(recipe: Recipe, registry: Registry, name: str | None, workers: int | None) -> Any:
    chosen = recipe.executor
    if name and (chosen is None or chosen.name != name):
        chosen = Step(KINDS["executor"], name, {}, "--executor")
    chosen = chosen or Step(KINDS["executor"], "local", {}, "default executor")
    options = dict(chosen.options)
    if workers is not None:
        if "workers" not in registry.get("executor", chosen.name).options():
            raise PluginError(f"executor {chosen.name!r} has no 'workers' option")
        options["workers"] = workers
    return build(Step(chosen.kind, chosen.name, options, chosen.where), registry)


def run_recipe(
    path: str | Path,
    *,
    pm: pluggy.PluginManager | None = None,
    workers: int | None = None,
    executor: str | None = None,
    keep_dropped: bool = False,
    output: Path | None = None,
    cache: Path | None = None,
    resume: bool = False,
    keep_work: bool = False,
) -> RunResult:
    """Build the release of the recipe at ``path`` and publish it to the recipe's targets.

    With more than one shard, workers rebuild the plugins from what is
    installed; ``pm`` (handy for tests) is then only used by this process.
    With ``output``, the release is written into that new folder instead and
    no target sees it: ``zhiling verify`` rebuilds releases this way.
    With ``cache`` (or ``resume``, which implies the default cache), the run
    works in a folder of the cache that outlives a crash, and ``resume``
    reuses the shards an earlier run of the same build finished there.
    """
    registry = Registry(pm or make_plugin_manager())
    recipe = load_recipe(path, registry)
    runner = _executor(recipe, registry, executor, workers)
    count = max(1, int(runner.parallelism))
    components = used_components(recipe, registry)
    sources = source_checksums(recipe, registry)
    # An executor may name a folder that it and every worker share, and say
    # whether its workers can write into the run's scratch folder at all.
    root = getattr(runner, "scratch_root", None)
    detached = not getattr(runner, "workers_share_scratch", True)
    recipe_path = str(Path(path).resolve())
    given = {"recipe": recipe.sha256, "components": components, "sources": sources}
    work = open_work(
        given, count, keep_dropped, root=root, cache=cache, resume=resume, keep=keep_work
    )
    with work as workdir:
        with (
            stage("map", unit="docs") as shown,
            CountWatcher(workdir, "progress-*", shown, count),
        ):
            if count == 1:
                per_shard = [
                    run_map(recipe, registry, workdir, Shard(), keep_dropped, resume=resume)
                ]
            else:
                task = MapTask(recipe_path, str(workdir), keep_dropped, detached, resume)
                per_shard = [land(output, workdir) for output in runner.map_shards(task, count)]
            stats = merge_stats(per_shard)
            # Detached workers' count files stay on their machines: end on the merged counts.
            note = f"{stats[-1].records_out:,} out, shards {count}/{count} done"
            shown.set(stats[0].records_in, note)
        staging = workdir / "release"
        staging.mkdir()
        hand_off = partial(distribute, runner=runner, recipe_path=recipe_path)
        provenance = {"components": components, "sources": sources}
        manifest = _reduce(
            recipe, registry, workdir, staging, count, stats, keep_dropped, hand_off, provenance
        )
        if output is not None:
            shutil.copytree(staging, output)
            destinations = [str(output)]
        else:
            destinations = _publish(recipe, registry, staging, manifest)
    return RunResult(destinations, manifest)


def _reduce(
    recipe: Recipe,
    registry: Registry,
    workdir: Path,
    staging: Path,
    count: int,
    stats: list[StepStats],
    keep_dropped: bool,
    hand_off: Callable[[Pipeline], None],
    provenance: dict[str, Any],
) -> dict[str, Any]:
    drops = DropLog(workdir / "dropped-reduce" if keep_dropped else None)
    pipeline = Pipeline(recipe, registry, workdir=workdir, drops=drops)
    hand_off(pipeline)
    policy = StepStats(f"{len(recipe.steps) + 1} (release_policy)")
    audits = _audit_runner(recipe, registry, workdir, drops)
    writer = ReleaseWriter(
        workdir,
        seed=recipe.split_seed,
        fractions=recipe.splits,
        by_license=recipe.shard_by_license,
    )
    extractors = [s.component for s in pipeline.steps if s.step.kind.name == "extractor"]
    gate = PatternGate(extractors, recipe.min_precision)

    def allowed(records: Iterator[Record]) -> Iterator[Record]:
        for record in records:
            policy.records_in += 1
            reason = recipe.reason_to_withhold(record)
            if reason:
                policy.dropped[reason] += 1
                drops.write(policy.label, record, reason)
                continue
            held_back = gate.reason_to_drop(record)
            if held_back:
                policy.dropped[held_back] += 1
                drops.write(policy.label, record, held_back)
                continue
            policy.passed(record)
            yield record

    with stage("reduce", total=stats[-1].records_out) as shown:
        reduced = Pipeline.chain(shown.counted(read_spools(workdir, count)), pipeline.reduce_steps)
        writer.add_all(audits(allowed(reduced)))
        shown.note = f"{[policy, *audits.stats][-1].records_out:,} to release"
    stats = [*stats, *(step.stats for step in pipeline.reduce_steps), policy, *audits.stats]
    drops.close()
    shards, content_hash = writer.finish(staging)
    if not shards:
        reasons = "; ".join(
            f"{s.label}: " + ", ".join(f"{reason} {n}" for reason, n in s.dropped.items())
            for s in stats
            if s.dropped
        )
        raise ReleaseError(
            f"{recipe.path}: release {recipe.name!r} {recipe.version} would be "
            f"empty; every record was dropped ({reasons or 'no input'})"
        )
    if keep_dropped:
        _collect_dropped(workdir, staging / "dropped" / "dropped.jsonl")
    reports = {step.name: audit.report() for step, audit, _ in audits.audits}
    licenses = dict(sorted(writer.licenses.items()))
    manifest = _manifest(recipe, provenance, stats, shards, content_hash, reports, licenses)
    manifest["patterns"] = gate.manifest()
    manifest["step_reports"] = _step_reports(pipeline)
    if recipe.leakage_threshold is not None:
        manifest["leakage"] = measure_leakage(
            registry, staging, shards, recipe.leakage_threshold, workdir
        )
    report = _report(recipe, manifest, staging)
    metadata = hub_metadata(
        pretty_name=recipe.pretty_name,
        shards=shards,
        licenses=sorted(manifest["licenses"]),
        task_categories=recipe.task_categories,
        other_license=recipe.other_license,
    )
    _write_card_and_manifest(recipe, registry, staging, metadata, manifest, report)
    if recipe.train is not None:
        # The trainer reads the staged release as a user would; its figures
        # then join the manifest and card before anything is published.
        manifest["reference_model"] = _train(recipe.train, registry, recipe, staging)
        _write_card_and_manifest(recipe, registry, staging, metadata, manifest, report)
    return manifest


def _audit_runner(recipe: Recipe, registry: Registry, workdir: Path, drops: DropLog) -> AuditRunner:
    """Build the recipe's audits; those with ``apply`` count as steps after the licence policy."""
    # ``split`` tells an audit which split a record id goes to, as the writer decides it.
    split = partial(split_of, seed=recipe.split_seed, fractions=recipe.splits)
    services = {"workdir": workdir, "base_dir": recipe.base_dir, "split": split}
    built = [
        (step, build(step, registry, **services), registry.get("audit", step.name).plugin)
        for step in recipe.audits
    ]
    return AuditRunner(len(recipe.steps) + 2, built, drops)


def _report(recipe: Recipe, manifest: dict[str, Any], staging: Path) -> dict[str, Any]:
    """Check the gates, then write ``report.json`` and the charts; fail before any publishing."""
    report = build_report(manifest, staging)
    if "leakage" in manifest:
        report["distributions"]["leakage"] = {
            config: figures["share"] for config, figures in manifest["leakage"].items()
        }
    figures = {**manifest["audits"], REPORT_SECTION: report["distributions"]}
    report["gates"] = manifest["gates"] = check_gates(recipe.gates, figures)
    report["charts"] = write_charts(report, staging)
    write_json(staging / "report.json", report)
    return report


def _train(step: Step, registry: Registry, recipe: Recipe, staging: Path) -> dict[str, Any]:
    trainer = build(step, registry, base_dir=recipe.base_dir)
    try:
        figures = trainer.train(staging, staging / REFERENCE_DIR)
    except ZhilingError:
        raise
    except Exception as exc:
        raise PluginError(
            f"{step.where}: {step.describe()} failed: {type(exc).__name__}: {exc}"
        ) from exc
    return {**figures, "path": REFERENCE_DIR}


def _step_reports(pipeline: Pipeline) -> dict[str, Any]:
    """Return ``report()`` of every step that has one (dedupers' cluster sizes), by label.

    Map steps run in worker processes and count there, so a map step's report
    comes from this process's copy, which saw no record: it can say what the
    step is (settings, the version of a model it uses), not what it counted.
    """
    return {
        step.stats.label: step.component.report()
        for step in pipeline.steps
        if callable(getattr(step.component, "report", None))
    }


def _collect_dropped(workdir: Path, target: Path) -> None:
    target.parent.mkdir(parents=True)
    with target.open("wb") as out:
        for part in sorted(workdir.glob("dropped-*")):
            with part.open("rb") as handle:
                shutil.copyfileobj(handle, out)


def _manifest(
    recipe: Recipe,
    provenance: dict[str, Any],
    stats: list[StepStats],
    shards: list[Any],
    content_hash: str,
    audits: dict[str, Any],
    licenses: dict[str, int],
) -> dict[str, Any]:
    configs: dict[str, dict[str, int]] = {}
    for shard in shards:
        split_rows = configs.setdefault(shard.config, {})
        split_rows[shard.split] = split_rows.get(shard.split, 0) + shard.rows
    return {
        "name": recipe.name,
        "version": recipe.version,
        "recipe": {"file": recipe.path.name, "sha256": recipe.sha256, "resolved": recipe.data},
        "plugins": used_plugins(provenance["components"]),
        "components": provenance["components"],
        "sources": provenance["sources"],
        "steps": [s.as_dict() for s in stats],
        "configs": configs,
        "files": {shard.path: shard.rows for shard in shards},
        "licenses": licenses,
        "audits": audits,
        "content_sha256": content_hash,
    }


def source_checksums(recipe: Recipe, registry: Registry) -> dict[str, str]:
    """Return the SHA-256 of every input file, by the name the manifest records it under.

    That is the name the source gives (``NamedInputs``), else the path relative
    to the recipe: it keeps ``zh/a.txt`` and ``en/a.txt`` apart and stays the
    same wherever the checkout lives.
    """
    checksums: dict[str, str] = {}
    base = recipe.base_dir.resolve()
    for step in recipe.sources:
        source = build(step, registry, shard=Shard(), base_dir=recipe.base_dir)
        try:
            files = source.inputs()
        except ZhilingError as exc:
            raise type(exc)(f"{step.where}: source {step.describe()}: {exc}") from exc
        for file in files:
            if isinstance(source, NamedInputs):
                name = _given_name(step, source.input_name(file))
            else:
                name = Path(os.path.relpath(file.resolve(), base)).as_posix()
            digest = file_sha256(file)
            if checksums.setdefault(name, digest) != digest:
                raise PluginError(
                    f"{step.where}: {step.describe()}: two inputs with different contents "
                    f"are both named {name!r} in the manifest"
                )
    return dict(sorted(checksums.items()))


def _given_name(step: Step, name: object) -> str:
    """Return ``name`` if it is a relative path that cannot leave its folder: no machine path."""
    if not isinstance(name, str) or "\\" in name or {"", ".", ".."} & set(name.split("/")):
        raise PluginError(
            f"{step.where}: {step.describe()} gave the input name {name!r}; "
            "input_name() must return a relative name without '.', '..' or empty parts"
        )
    return name


def _write_card_and_manifest(
    recipe: Recipe,
    registry: Registry,
    staging: Path,
    metadata: dict[str, Any],
    manifest: dict[str, Any],
    report: dict[str, Any],
) -> None:
    context = CardContext(
        name=recipe.name,
        version=recipe.version,
        pretty_name=recipe.pretty_name,
        description=recipe.description,
        template=read_template(recipe.card),
        metadata=metadata,
        manifest=manifest,
        report=report,
    )
    card = registry.pm.hook.render_dataset_card(context=context)
    if card is None:
        raise PluginError("no installed plugin renders dataset cards")
    (staging / "README.md").write_text(card, encoding="utf-8")
    manifest["checksums"] = checksums(staging)
    write_json(staging / "manifest.json", manifest)


def _publish(
    recipe: Recipe, registry: Registry, staging: Path, manifest: dict[str, Any]
) -> list[str]:
    targets = recipe.targets or (Step(KINDS["release_target"], "local-dir", {}, "default target"),)
    destinations = []
    for step in targets:
        target = build(step, registry, base_dir=recipe.base_dir)
        try:
            destinations.append(target.publish(staging, manifest))
        except ReleaseError:
            raise
        except Exception as exc:
            raise ReleaseError(
                f"{step.where}: {step.describe()} failed to publish: {type(exc).__name__}: {exc}"
            ) from exc
    return destinations
