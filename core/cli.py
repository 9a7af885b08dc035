"""The ``zhiling`` command: a thin layer over ``run_recipe``, ``dedupe_path``, ``load_recipe``."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from zhiling.errors import ZhilingError
from zhiling.kinds import KINDS
from zhiling.manager import make_plugin_manager, plugin_versions
from zhiling.recipe import load_recipe
from zhiling.registry import Registry


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

    check = commands.add_parser("check", help="validate a recipe without reading data")
    check.add_argument("recipe", type=Path, nargs="+")

    commands.add_parser("plugins", help="list plugins, their hooks and components")
    _dedupe_parser(commands)
    return parser


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


def _check(args: argparse.Namespace) -> None:
    registry = Registry(make_plugin_manager())
    for path in args.recipe:
        recipe = load_recipe(path, registry)
        print(f"{path}: ok ({recipe.name} {recipe.version}, {len(recipe.steps)} steps)")


def _plugins() -> None:
    pm = make_plugin_manager()
    registry = Registry(pm)
    versions = dict(plugin_versions(pm))
    distributions = {id(plugin): dist for plugin, dist in pm.list_plugin_distinfo()}
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda item: str(item[0])):
        dist = distributions.get(id(plugin))
        version = dist.version if dist else versions["zhiling"]
        hooks = sorted(caller.name for caller in pm.get_hookcallers(plugin) or [])
        print(f"{name} {version}")
        print(f"  hooks: {', '.join(hooks)}")
        for kind in KINDS:
            owned = [c.name for c in registry.components(kind) if c.plugin == name]
            if owned:
                print(f"  {KINDS[kind].plural}: {', '.join(owned)}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; a ``ZhilingError`` prints one ``Error:`` line and exits 1."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")
    try:
        if args.command == "run":
            _run(args)
        elif args.command == "check":
            _check(args)
        elif args.command == "dedupe":
            _dedupe(args)
        else:
            _plugins()
    except ZhilingError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
