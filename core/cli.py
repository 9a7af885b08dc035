"""zhiling: build, check, audit, dedupe, train, verify and publish instruction datasets.

Each command is a thin layer over the module that does the work.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from zhiling import progress
from zhiling.errors import ZhilingError
from zhiling.kinds import KINDS
from zhiling.manager import DISABLE_VARIABLE, make_plugin_manager, plugin_versions
from zhiling.progress import DEFAULT_INTERVAL, INTERVAL_VARIABLE
from zhiling.recipe import load_recipe
from zhiling.registry import Registry
from zhiling.scaffold import SCAFFOLD_KINDS


def _version() -> str:
    return plugin_versions(make_plugin_manager(installed=False))["zhiling"]


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Show an option's default unless it is unset, off, or the help already names it."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if action.default in (None, False, [], argparse.SUPPRESS) or "default" in text:
            return text
        return super()._get_help_string(action)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhiling", description=__doc__, formatter_class=_HelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"zhiling {_version()}")
    parser.set_defaults(quiet=False, progress_interval=None)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="build a recipe's release",
        description="Read a recipe's sources, run its steps, audits and gates, write the "
        "release (Parquet, card, manifest) and publish it to the recipe's targets.",
    )
    run.add_argument("recipe", type=Path, help="the recipe file (YAML)")
    run.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes for the local executor (default: core count)",
    )
    run.add_argument("--executor", default=None, help="executor name (default: the recipe's)")
    run.add_argument(
        "--keep-dropped",
        action="store_true",
        help="write dropped records with their reasons into the release (refused when the "
        "version is already released without them: a release is never changed)",
    )
    run.add_argument(
        "--resume",
        action="store_true",
        help="reuse the shards a killed or failed run of the same build finished",
    )
    run.add_argument(
        "--keep-work",
        action="store_true",
        help="keep the run's work folder in the cache after success (see 'zhiling cache')",
    )

    train = commands.add_parser(
        "train",
        help="train a reference model on a release (written beside it, never into it)",
        description="Fine-tune a small model on a release's train split and evaluate it; "
        "the model, its card and evaluation.json go beside the release.",
    )
    train.add_argument("release", type=Path, help="a release folder (holding manifest.json)")
    source = train.add_mutually_exclusive_group(required=True)
    source.add_argument("--model", help="a local model folder or a Hub model id")
    source.add_argument("--from-config", choices=("tiny", "small"), help="build a model offline")
    train.add_argument("--lora", action="store_true", help="train a LoRA adapter")
    train.add_argument(
        "--max-steps", type=int, default=None, help="training steps (default: the trainer's)"
    )
    train.add_argument(
        "--output", type=Path, default=None, help="output folder (default: RELEASE-reference/)"
    )

    check = commands.add_parser(
        "check",
        help="validate a recipe without reading data",
        description="Load each recipe and build its steps' options; no source is read.",
    )
    check.add_argument("recipe", type=Path, nargs="+", help="one or more recipe files")

    commands.add_parser(
        "plugins",
        help="list plugins, their hooks and components",
        description="List every installed plugin with its version, the hooks it implements "
        "and the components it registers.",
    )
    _authoring_parsers(commands)

    publish = commands.add_parser(
        "publish",
        help="upload a release to the Hub, tagged v<version>",
        description="Upload a release folder to a Hugging Face dataset repo in one commit "
        "and tag it v<version>.",
    )
    publish.add_argument("release", type=Path, help="a release folder written by 'zhiling run'")
    publish.add_argument("--repo", required=True, help="the Hub dataset repo, NAMESPACE/NAME")
    publish.add_argument("--private", action="store_true", help="create the repo as private")

    check_card = commands.add_parser(
        "check-card",
        help="check a release's card offline",
        description="Check that a release's dataset card parses as a Hub dataset card and "
        "that its metadata agrees with the files, without the network.",
    )
    check_card.add_argument("release", type=Path, help="a release folder")

    verify = commands.add_parser(
        "verify",
        help="rebuild a release and compare it byte for byte",
        description="Rebuild a release from its recipe into a temporary folder and compare "
        "every file, naming the plugin or input that changed. Exit status: 0 identical, "
        "1 differs, 2 error.",
    )
    verify.add_argument("release", type=Path, help="the release folder to check")
    verify.add_argument(
        "--recipe",
        type=Path,
        default=None,
        help="the recipe that built it (default: its recorded file name in . or recipes/)",
    )
    verify.add_argument(
        "--workers", type=int, default=None, help="worker processes (default: core count)"
    )

    diff = commands.add_parser(
        "diff",
        help="list records added, removed and changed",
        description="Compare two releases record by record, by id.",
    )
    diff.add_argument("old", type=Path, help="the older release folder")
    diff.add_argument("new", type=Path, help="the newer release folder")
    diff.add_argument("--show", type=int, default=5, help="example records of each kind")

    audit = commands.add_parser(
        "audit",
        help="audit a release folder, Parquet or JSONL file without a recipe",
        description="Run audits (PII, bias, toxicity) over existing data and print a report.",
    )
    audit.add_argument("path", type=Path, help="a release folder, .parquet or .jsonl file")
    audit.add_argument("--redact", type=Path, metavar="OUT", help="also write a redacted copy")
    audit.add_argument(
        "--audits", default="pii,bias,toxicity", help="comma-separated audit names to run"
    )
    audit.add_argument("--json", action="store_true", help="print the whole report as JSON")
    _dedupe_parser(commands)
    cache = commands.add_parser(
        "cache",
        help="list or clear the work folders of runs",
        description="List the work folders runs keep in the cache (for --resume), or clear "
        "those no live run uses.",
    )
    cache.add_argument(
        "action", nargs="?", choices=("list", "clear"), default="list", help="what to do"
    )
    _decontaminate_parser(commands)
    _common_options(parser, commands)
    return parser


def _decontaminate_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    decon = commands.add_parser(
        "decontaminate",
        help="drop records holding benchmark items from a JSONL or Parquet file or a release",
        description="Drop records whose instruction or output shares an n-gram with a "
        "benchmark item; write the kept records and, beside them, the removed ones with the "
        "benchmark and item that matched.",
    )
    decon.add_argument("path", type=Path, help="a JSONL or Parquet file, or a release folder")
    decon.add_argument(
        "--against",
        nargs="+",
        required=True,
        metavar="FILE[:FIELDS]",
        help="benchmark JSONL/Parquet files or saved dataset folders, each with its "
        "comma-separated text fields (default: question)",
    )
    decon.add_argument(
        "-o",
        "--out",
        type=Path,
        default=Path("decontaminated.jsonl"),
        help="the JSONL file of kept records (never the input)",
    )
    decon.add_argument("--fields", nargs="+", help="record fields (default: instruction output)")
    decon.add_argument("--id-field", default="id", help="the benchmark items' id field")
    decon.add_argument("--words", type=int, help="words per n-gram (default 13)")
    decon.add_argument("--chars", type=int, help="Han characters per n-gram (default 13)")


def _authoring_parsers(commands: Any) -> None:
    extract = commands.add_parser(
        "extract",
        help="show what a recipe's steps extract from one file",
        description="Run a recipe's segment, filter and extract steps on one file and show "
        "each record with the text it came from.",
    )
    extract.add_argument("file", type=Path, help="a text, JSON Lines or other file to read")
    extract.add_argument("--recipe", type=Path, required=True, help="the recipe whose steps run")
    extract.add_argument(
        "--source", help="the source plugin that reads the file (default: guessed from the recipe)"
    )
    extract.add_argument("--lang", help="the language of the file's documents (default: guessed)")
    extract.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an option for the source, the value read as YAML (repeatable)",
    )
    extract.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="highlight with colours (auto: when stdout is a terminal)",
    )

    sample = commands.add_parser(
        "sample",
        help="draw random passages from a recipe's sources into a labelling file",
        description="Draw passages (a block with the headings above it, its document's title "
        "and where it lies) at random with a seed from a recipe's sources, and write them as "
        "JSON Lines, each with an empty 'pairs' list for a labeller to fill.",
    )
    sample.add_argument("recipe", type=Path, help="the recipe whose sources are read")
    sample.add_argument("-n", type=int, required=True, help="how many passages to draw")
    sample.add_argument("--seed", type=int, required=True, help="the seed of the draw")
    sample.add_argument(
        "-o", "--out", type=Path, required=True, help="the JSONL file to write (must not exist)"
    )
    sample.add_argument(
        "--kind", action="append", help="a block kind to draw (repeatable; default: paragraph)"
    )
    sample.add_argument(
        "--lang",
        action="append",
        help="draw from documents in this language only (repeatable; default: all)",
    )
    sample.add_argument(
        "--blocks",
        type=int,
        default=1,
        help="blocks per passage: the drawn one and those after it in its section (default: 1)",
    )

    measure = commands.add_parser(
        "measure",
        help="score a recipe's extractors on a labelled file (precision, recall)",
        description="Run a recipe's steps on every labelled passage and score each extractor "
        "per language: precision, recall, the false pairs and the misses.",
    )
    measure.add_argument("labelled", type=Path, help="a labelling file with its pairs filled")
    measure.add_argument("--recipe", type=Path, required=True, help="the recipe whose steps run")
    measure.add_argument(
        "--write-precision",
        type=Path,
        metavar="FILE",
        help="also write the precision figures a plugin ships (other patterns' entries kept)",
    )
    measure.add_argument(
        "--show", type=int, default=20, help="false pairs and misses listed (default: 20)"
    )

    new = commands.add_parser(
        "new-plugin",
        help="write a new plugin package to start from",
        description="Write a small installable plugin package with one component and its tests.",
    )
    new.add_argument("kind", choices=SCAFFOLD_KINDS, help="the kind of component")
    new.add_argument("name", help="the component name, e.g. faq-heading")
    new.add_argument("--dir", type=Path, help="the folder to write (default: ./zhiling-NAME)")


def _dedupe_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    dedupe = commands.add_parser(
        "dedupe",
        help="remove near-duplicates from a JSONL or Parquet file or a release folder",
        description="Remove near-duplicate records with MinHash; writes kept.jsonl and "
        "removed.jsonl (each removed record with the one it duplicates).",
    )
    dedupe.add_argument("path", type=Path, help="a .jsonl or .parquet file or a release folder")
    dedupe.add_argument("-o", "--out", type=Path, default=Path("deduped"), help="output folder")
    dedupe.add_argument("--fields", nargs="+", help="text fields (default: instruction output)")
    dedupe.add_argument("--lang-field", default="lang", help="field holding the language code")
    dedupe.add_argument(
        "--threshold", type=float, help="Jaccard similarity threshold (default: the deduper's)"
    )
    dedupe.add_argument(
        "--shingles",
        action="append",
        metavar="LANG=UNIT:N",
        help="shingles for a language, e.g. zh=char:2 or '*=word:2' (repeatable)",
    )
    dedupe.add_argument("--against", nargs="+", help="previous release folders or saved indexes")
    dedupe.add_argument("--save-index", help="write the survivors' index to this .npz file")
    dedupe.add_argument(
        "--verify",
        choices=["signature", "exact", "none"],
        default="signature",
        help="check candidates by estimated or true Jaccard, or not at all",
    )


def _common_options(
    top: argparse.ArgumentParser, commands: argparse._SubParsersAction[argparse.ArgumentParser]
) -> None:
    """Give every command ``-q`` and ``--progress-interval``, before its name or after it.

    The commands' own defaults are SUPPRESS, so an option given before the
    command name is not reset by the command's parser.
    """
    for parser in [top, *commands.choices.values()]:
        unset = {"default": argparse.SUPPRESS} if parser is not top else {}
        parser.formatter_class = _HelpFormatter
        parser.add_argument(
            "-q",
            "--quiet",
            action="store_true",
            help="print only errors: no progress, no summary",
            **unset,  # type: ignore[arg-type]
        )
        parser.add_argument(
            "--progress-interval",
            type=float,
            metavar="SECONDS",
            help="seconds between plain progress lines when stderr is not a terminal "
            f"(default: ${INTERVAL_VARIABLE} or {DEFAULT_INTERVAL:g})",
            **unset,  # type: ignore[arg-type]
        )


def _run(args: argparse.Namespace) -> None:
    from zhiling.run import run_recipe
    from zhiling.workdir import cache_root

    result = run_recipe(
        args.recipe,
        workers=args.workers,
        executor=args.executor,
        keep_dropped=args.keep_dropped,
        cache=cache_root(),
        resume=args.resume,
        keep_work=args.keep_work,
    )
    manifest = result.manifest
    for destination in result.destinations:
        print(f"released {manifest['name']} {manifest['version']}: {destination}")
    counts = ", ".join(
        f"{config} {sum(splits.values())}" for config, splits in manifest["configs"].items()
    )
    print(f"records: {counts}")
    local = next((d for d in result.destinations if Path(d.split(" ")[0]).is_dir()), None)
    if local:
        folder = local.split(" ")[0]
        config = next((c for c in manifest["configs"] if c != "all"), "all")
        print(f'load it with: datasets.load_dataset("{folder}", "{config}", split="train")')


def _train(args: argparse.Namespace) -> None:
    from zhiling.training import train_release

    options = {"model": args.model, "from_config": args.from_config, "lora": args.lora}
    if args.max_steps is not None:
        options["max_steps"] = args.max_steps
    result = train_release(args.release, options=options, output=args.output)
    after = result.figures["evaluation"]["after"]
    print(f"trained {result.figures['steps']} steps; the release itself was not changed")
    print(f"validation loss {after['validation']['loss']}, test ROUGE-L {after['test']['rouge_l']}")
    print(f"model, card and evaluation.json: {result.output}")


def _dedupe(args: argparse.Namespace) -> None:
    from zhiling.dedupe import dedupe_path

    verify = {"signature": True, "exact": "exact", "none": False}[args.verify]
    options: dict[str, object] = {"lang_field": args.lang_field, "verify": verify}
    shingles = dict(item.partition("=")[::2] for item in args.shingles or [])
    given = {"fields": args.fields, "threshold": args.threshold, "against": args.against}
    options.update({k: v for k, v in given.items() if v is not None})
    options.update({"shingles": shingles} if shingles else {})
    options.update({"save_index": args.save_index} if args.save_index else {})
    summary = dedupe_path(args.path, args.out, options, progress=not args.quiet)
    removed = summary["read"] - summary["kept"]
    print(f"kept {summary['kept']} of {summary['read']} records, removed {removed}: {args.out}")


def _decontaminate(args: argparse.Namespace) -> None:
    from zhiling.decontaminate import decontaminate_path, parse_against, removed_path

    options: dict[str, object] = {
        "benchmarks": [parse_against(spec, args.id_field) for spec in args.against]
    }
    given = {"fields": args.fields, "words": args.words, "chars": args.chars}
    options.update({k: v for k, v in given.items() if v is not None})
    summary = decontaminate_path(args.path, args.out, options)
    removed = ", ".join(f"{name} {n}" for name, n in summary["removed"].items()) or "none"
    print(f"kept {summary['kept']} of {summary['read']} records: {args.out}")
    print(f"removed per benchmark: {removed} (listed in {removed_path(args.out)})")


def _check(args: argparse.Namespace) -> None:
    from zhiling.preview import recipe_held_back

    registry = Registry(make_plugin_manager())
    for path in args.recipe:
        recipe = load_recipe(path, registry)
        print(f"{path}: ok ({recipe.name} {recipe.version}, {len(recipe.steps)} steps)")
        for line in recipe_held_back(recipe, registry):
            print(f"{path}: {line}")


def _plugins(args: argparse.Namespace) -> None:
    pm = make_plugin_manager()
    registry = Registry(pm)
    versions = dict(plugin_versions(pm))
    distributions = {id(plugin): dist for plugin, dist in pm.list_plugin_distinfo()}
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda item: str(item[0])):
        if plugin is None:  # blocked: pluggy lists it with no plugin object
            print(f"{name} (disabled by {DISABLE_VARIABLE})")
            continue
        dist = distributions.get(id(plugin))
        version = dist.version if dist else versions["zhiling"]
        hooks = sorted(caller.name for caller in pm.get_hookcallers(plugin) or [])
        print(f"{name} {version}")
        print(f"  hooks: {', '.join(hooks)}")
        for kind in KINDS:
            owned = [c.name for c in registry.components(kind) if c.plugin == name]
            if owned:
                print(f"  {KINDS[kind].plural}: {', '.join(owned)}")


def _extract(args: argparse.Namespace) -> None:
    from zhiling import preview

    registry = Registry(make_plugin_manager())
    recipe = load_recipe(args.recipe, registry)
    if not args.file.is_file():
        raise ZhilingError(f"{args.file}: no such file")
    given = preview.parse_options(args.option) | ({"lang": args.lang} if args.lang else {})
    source = preview.choose_source(recipe, registry, args.file, args.source)
    options = preview.source_options(recipe, registry, source, given)
    shown = preview.run_preview(recipe, registry, args.file, source=source, options=options)
    sys.stdout.write(preview.render(shown, color=preview.wants_color(args.color, sys.stdout)))


def _sample(args: argparse.Namespace) -> None:
    from zhiling.sample import DEFAULT_KINDS, sample_passages, write_labelling

    registry = Registry(make_plugin_manager())
    recipe = load_recipe(args.recipe, registry)
    kinds = tuple(args.kind or DEFAULT_KINDS)
    passages = sample_passages(
        recipe,
        registry,
        count=args.n,
        seed=args.seed,
        kinds=kinds,
        blocks=args.blocks,
        languages=tuple(args.lang or ()),
    )
    write_labelling(args.out, passages)
    print(f"wrote {len(passages)} passages to {args.out}; fill each 'pairs' list, then run:")
    print(f"zhiling measure --recipe {args.recipe} {args.out}")


def _measure(args: argparse.Namespace) -> None:
    import datetime

    from zhiling.measure import load_labelled, measure, render
    from zhiling.precision import write_precision

    registry = Registry(make_plugin_manager())
    recipe = load_recipe(args.recipe, registry)
    result = measure(recipe, registry, load_labelled(args.labelled))
    sys.stdout.write(render(result, shown=args.show))
    if args.write_precision:
        today = datetime.datetime.now(datetime.UTC).date().isoformat()
        write_precision(args.write_precision, result.precision_entries(), today)
        print(f"wrote precision figures to {args.write_precision}")


def _new_plugin(args: argparse.Namespace) -> None:
    from zhiling.scaffold import new_plugin

    files = new_plugin(args.kind, args.name, args.dir)
    folder = files[0].parent
    for path in files:
        print(f"wrote {path}")
    print(f"next: cd {folder} && pip install -e '.[test]' && pytest")


def _publish(args: argparse.Namespace) -> None:
    from zhiling.publish import publish_release

    options = {"repo": args.repo, "private": args.private}
    print(f"published: {publish_release(args.release, 'hub', options)}")


def _check_card(args: argparse.Namespace) -> None:
    from zhiling.card_check import check_release

    check_release(args.release)
    print(f"{args.release}: card metadata agrees with the files")


def _verify(args: argparse.Namespace) -> int:
    from zhiling.verify import verify_release

    result = verify_release(args.release, args.recipe, workers=args.workers)
    print(result.summary())
    return 0 if result.identical else 1


def _cache(args: argparse.Namespace) -> None:
    from zhiling.workdir import cached_runs, clear_runs, runs_folder

    if args.action == "clear":
        removed = clear_runs()
        print(f"removed {len(removed)} work folder(s) from {runs_folder()}")
        return
    runs = cached_runs()
    print(f"{len(runs)} work folder(s) in {runs_folder()}")
    for run in runs:
        print(f"  {run}")


def _diff(args: argparse.Namespace) -> None:
    from zhiling.diff import diff_releases

    print(diff_releases(args.old, args.new).summary(examples=args.show))


def _audit(args: argparse.Namespace) -> None:
    import json

    from zhiling.audit import audit_dataset, redact_copy, summary

    pm = make_plugin_manager()
    names = tuple(name.strip() for name in args.audits.split(",") if name.strip())
    report = audit_dataset(args.path, pm, audits=names)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        print(summary(report))
    if args.redact:
        counts = redact_copy(args.path, args.redact, pm)
        done = ", ".join(f"{name} {n}" for name, n in counts.items() if n) or "nothing found"
        print(f"redacted copy: {args.redact} ({done})")


COMMANDS: dict[str, Callable[[argparse.Namespace], int | None]] = {
    "run": _run,
    "check": _check,
    "plugins": _plugins,
    "extract": _extract,
    "sample": _sample,
    "measure": _measure,
    "new-plugin": _new_plugin,
    "publish": _publish,
    "check-card": _check_card,
    "verify": _verify,
    "diff": _diff,
    "audit": _audit,
    "train": _train,
    "dedupe": _dedupe,
    "cache": _cache,
    "decontaminate": _decontaminate,
}
#: Commands whose errors exit 2, because 1 is a finding (``verify``: the rebuild differs).
ERROR_STATUS = {"verify": 2}


#: The exit status after a closed pipe, as a shell reports a program stopped by SIGPIPE.
CLOSED_PIPE_STATUS = 128 + 13


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; errors print one ``Error:`` line and exit 1 (2 for ``verify``).

    A failing disk or temporary folder (``OSError``) is reported the same way,
    and Ctrl-C exits with status 130, as shells expect of an interrupted command.
    Output cut short by its reader (``zhiling plugins | head -5``) ends the
    command quietly with status 141, without a traceback.
    """
    args = _parser().parse_args(argv)
    try:
        with _output(args.quiet, args.progress_interval):
            status = COMMANDS[args.command](args) or 0
            sys.stdout.flush()  # a pipe closed early fails here, not at exit
            return status
    except BrokenPipeError:  # an OSError: it must come first
        # Later writes (and the flush at exit) go nowhere instead of failing again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return CLOSED_PIPE_STATUS
    except (ZhilingError, OSError) as exc:
        _error(f"Error: {exc}")
        return ERROR_STATUS.get(args.command, 1)
    except KeyboardInterrupt:
        _error("Error: interrupted")
        return 130


#: Environment variables that quiet the libraries' own bars and notices, here and in workers.
QUIET_ENVIRONMENT = {
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "HF_DATASETS_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}


@contextlib.contextmanager
def _output(quiet: bool, interval: float | None) -> Iterator[None]:
    """Configure progress and logging for one command; when ``quiet``, let only errors through."""
    logging.basicConfig(level=logging.ERROR if quiet else logging.INFO, format="%(message)s")
    saved = {name: os.environ.get(name) for name in QUIET_ENVIRONMENT}
    try:
        progress.configure(quiet=quiet, interval=interval)
        if not quiet:
            yield
            return
        os.environ.update(QUIET_ENVIRONMENT)
        with (
            warnings.catch_warnings(),
            open(os.devnull, "w", encoding="utf-8") as devnull,
            contextlib.redirect_stdout(devnull),
        ):
            warnings.simplefilter("ignore")
            yield
    finally:
        progress.configure()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _error(line: str) -> None:
    with contextlib.suppress(BrokenPipeError):
        print(line, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
