"""zhiling: build, check, audit, dedupe, train, verify and publish instruction datasets.

Each command is a thin layer over the module that does the work.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from zhiling.errors import ZhilingError
from zhiling.kinds import KINDS
from zhiling.manager import DISABLE_VARIABLE, make_plugin_manager, plugin_versions
from zhiling.recipe import load_recipe
from zhiling.registry import Registry
from zhiling.scaffold import SCAFFOLD_KINDS


def _version() -> str:
    return plugin_versions(make_plugin_manager(installed=False))["zhiling"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhiling", description=__doc__)
    parser.add_argument("--version", action="version", version=f"zhiling {_version()}")
    parser.add_argument("-q", "--quiet", action="store_true", help="only print errors")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="build a recipe's release")
    run.add_argument("recipe", type=Path)
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
        help="write dropped records with their reasons into the release",
    )

    train = commands.add_parser(
        "train", help="train a reference model on a release (written beside it, never into it)"
    )
    train.add_argument("release", type=Path, help="a release folder (holding manifest.json)")
    source = train.add_mutually_exclusive_group(required=True)
    source.add_argument("--model", help="a local model folder or a Hub model id")
    source.add_argument("--from-config", choices=("tiny", "small"), help="build a model offline")
    train.add_argument("--lora", action="store_true", help="train a LoRA adapter")
    train.add_argument("--max-steps", type=int, default=None)
    train.add_argument("--output", type=Path, default=None, help="default: RELEASE-reference/")

    check = commands.add_parser("check", help="validate a recipe without reading data")
    check.add_argument("recipe", type=Path, nargs="+")

    commands.add_parser("plugins", help="list plugins, their hooks and components")
    _authoring_parsers(commands)

    publish = commands.add_parser("publish", help="upload a release to the Hub, tagged v<version>")
    publish.add_argument("release", type=Path, help="a release folder written by 'zhiling run'")
    publish.add_argument("--repo", required=True, help="the Hub dataset repo, NAMESPACE/NAME")
    publish.add_argument("--private", action="store_true", help="create the repo as private")

    check_card = commands.add_parser("check-card", help="check a release's card offline")
    check_card.add_argument("release", type=Path)

    verify = commands.add_parser("verify", help="rebuild a release and compare it byte for byte")
    verify.add_argument("release", type=Path)
    verify.add_argument(
        "--recipe",
        type=Path,
        default=None,
        help="the recipe that built it (default: its recorded file name in . or recipes/)",
    )
    verify.add_argument("--workers", type=int, default=None, help="worker processes")

    diff = commands.add_parser("diff", help="list records added, removed and changed")
    diff.add_argument("old", type=Path)
    diff.add_argument("new", type=Path)
    diff.add_argument("--show", type=int, default=5, help="example records of each kind")

    audit = commands.add_parser(
        "audit", help="audit a release folder, Parquet or JSONL file without a recipe"
    )
    audit.add_argument("path", type=Path)
    audit.add_argument("--redact", type=Path, metavar="OUT", help="also write a redacted copy")
    audit.add_argument(
        "--audits", default="pii,bias,toxicity", help="comma-separated audit names to run"
    )
    audit.add_argument("--json", action="store_true", help="print the whole report as JSON")
    _dedupe_parser(commands)
    _decontaminate_parser(commands)
    return parser


def _decontaminate_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    decon = commands.add_parser(
        "decontaminate",
        help="drop records holding benchmark items from a JSONL or Parquet file or a release",
    )
    decon.add_argument("path", type=Path)
    decon.add_argument(
        "--against",
        nargs="+",
        required=True,
        metavar="FILE[:FIELDS]",
        help="benchmark JSONL/Parquet files or saved dataset folders, each with its "
        "comma-separated text fields (default: question)",
    )
    decon.add_argument("-o", "--out", type=Path, default=Path("decontaminated.jsonl"))
    decon.add_argument("--fields", nargs="+", help="record fields (default: instruction output)")
    decon.add_argument("--id-field", default="id", help="the benchmark items' id field")
    decon.add_argument("--words", type=int, help="words per n-gram (default 13)")
    decon.add_argument("--chars", type=int, help="Han characters per n-gram (default 13)")


def _authoring_parsers(commands: Any) -> None:
    extract = commands.add_parser(
        "extract", help="run a recipe's segment, filter and extract steps on one file and show"
    )
    extract.add_argument("file", type=Path, help="a text, JSON Lines or other file to read")
    extract.add_argument("--recipe", type=Path, required=True, help="the recipe whose steps run")
    extract.add_argument("--source", help="the source plugin that reads the file")
    extract.add_argument("--lang", help="the language of the file's documents (default: guessed)")
    extract.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an option for the source, the value read as YAML (repeatable)",
    )
    extract.add_argument("--color", choices=("auto", "always", "never"), default="auto")

    new = commands.add_parser("new-plugin", help="write a new plugin package to start from")
    new.add_argument("kind", choices=SCAFFOLD_KINDS)
    new.add_argument("name", help="the component name, e.g. faq-heading")
    new.add_argument("--dir", type=Path, help="the folder to write (default: ./zhiling-NAME)")


def _dedupe_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    dedupe = commands.add_parser(
        "dedupe", help="remove near-duplicates from a JSONL or Parquet file or a release folder"
    )
    dedupe.add_argument("path", type=Path)
    dedupe.add_argument("-o", "--out", type=Path, default=Path("deduped"), help="output folder")
    dedupe.add_argument("--fields", nargs="+", help="text fields (default: instruction output)")
    dedupe.add_argument("--lang-field", default="lang", help="field holding the language code")
    dedupe.add_argument("--threshold", type=float, help="Jaccard similarity threshold")
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
        help="check candidates by estimated or true Jaccard, or not at all (default: signature)",
    )


def _run(args: argparse.Namespace) -> None:
    from zhiling.run import run_recipe

    result = run_recipe(
        args.recipe, workers=args.workers, executor=args.executor, keep_dropped=args.keep_dropped
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
    registry = Registry(make_plugin_manager())
    for path in args.recipe:
        recipe = load_recipe(path, registry)
        print(f"{path}: ok ({recipe.name} {recipe.version}, {len(recipe.steps)} steps)")


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
    "new-plugin": _new_plugin,
    "publish": _publish,
    "check-card": _check_card,
    "verify": _verify,
    "diff": _diff,
    "audit": _audit,
    "train": _train,
    "dedupe": _dedupe,
    "decontaminate": _decontaminate,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; a ``ZhilingError`` prints one ``Error:`` line and exits 1."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")
    try:
        return COMMANDS[args.command](args) or 0
    except ZhilingError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
