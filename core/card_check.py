"""Check a release's card metadata against its files, offline, before anything is uploaded.

The Hub validates a card only over the network (``POST /api/validate-yaml``)
and ``datasets.load_dataset`` fails on a wrong row count only when a user
loads the data, so a release is checked here first: that huggingface_hub's
``DatasetCard`` reads the card, licence ids the Hub knows (with a name and
link for ``other``), ISO 639 language codes, the size category of the real
row count, configs that match the files present, ``dataset_info`` counts that
match the Parquet footers, exactly one default config, and (where the
manifest records them) every file's size and SHA-256, with no link or
unlisted file in the folder.
"""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import yaml

from zhiling.card import size_category
from zhiling.errors import ReleaseError
from zhiling.release_files import file_problems

#: Licence ids the Hub accepts in a card (its documented list, lower case).
HUB_LICENSE_IDS = frozenset(
    """
    apache-2.0 mit openrail bigscience-openrail-m creativeml-openrail-m
    bigscience-bloom-rail-1.0 bigcode-openrail-m afl-3.0 artistic-2.0 bsl-1.0 bsd
    bsd-2-clause bsd-3-clause bsd-3-clause-clear c-uda cc cc0-1.0 cc-by-2.0 cc-by-2.5
    cc-by-3.0 cc-by-4.0 cc-by-sa-3.0 cc-by-sa-4.0 cc-by-nc-2.0 cc-by-nc-3.0 cc-by-nc-4.0
    cc-by-nd-4.0 cc-by-nc-nd-3.0 cc-by-nc-nd-4.0 cc-by-nc-sa-2.0 cc-by-nc-sa-3.0
    cc-by-nc-sa-4.0 cdla-sharing-1.0 cdla-permissive-1.0 cdla-permissive-2.0 wtfpl ecl-2.0
    epl-1.0 epl-2.0 etalab-2.0 eupl-1.1 agpl-3.0 gfdl gpl gpl-2.0 gpl-3.0 lgpl lgpl-2.1
    lgpl-3.0 isc lppl-1.3c ms-pl mpl-2.0 odc-by odbl openrail++ osl-3.0 postgresql ofl-1.1
    ncsa unlicense zlib pddl lgpl-lr deepfloyd-if-license llama2 llama3 llama3.1 llama3.2
    llama3.3 gemma unknown other
    """.split()  # noqa: SIM905 (a word list reads better than 75 quoted strings)
)


def read_front_matter(readme: Path) -> dict[str, Any]:
    """Return the YAML front matter of a card, raising ``ReleaseError`` if there is none."""
    try:
        text = readme.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReleaseError(f"{readme}: cannot read the dataset card: {exc}") from exc
    parts = text.split("---\n", 2)
    if not text.startswith("---\n") or len(parts) < 3:
        raise ReleaseError(f"{readme}: the card has no '---' YAML front matter")
    try:
        metadata = yaml.safe_load(parts[1])
    except yaml.YAMLError as exc:
        raise ReleaseError(f"{readme}: the card's front matter is not valid YAML: {exc}") from exc
    if not isinstance(metadata, dict):
        raise ReleaseError(f"{readme}: the card's front matter is not a mapping")
    return metadata


def check_release(release_dir: Path) -> None:
    """Raise ``ReleaseError`` listing every way the card disagrees with the Hub or the files."""
    problems = release_problems(Path(release_dir))
    if problems:
        listed = "\n".join(f"  - {problem}" for problem in problems)
        raise ReleaseError(f"{release_dir}: the release's card metadata is wrong:\n{listed}")


def release_problems(release_dir: Path) -> list[str]:
    """Return a readable line for each metadata problem of the release in ``release_dir``."""
    metadata = read_front_matter(release_dir / "README.md")
    rows = _footer_rows(release_dir)
    configs = _as_list(metadata.get("configs"))
    problems = [
        *_hub_card_problems(release_dir / "README.md"),
        *_license_problems(metadata.get("license")),
        *_other_license_problems(metadata),
        *_language_problems(metadata.get("language")),
        *_config_problems(configs, rows),
        *_dataset_info_problems(_as_list(metadata.get("dataset_info")), configs, rows),
    ]
    problems += _manifest_problems(release_dir / "manifest.json", rows)
    total = _default_rows(configs, rows)
    expected = size_category(total)
    if _as_list(metadata.get("size_categories")) != [expected]:
        problems.append(
            f"size_categories is {metadata.get('size_categories')!r} but the release has "
            f"{total} records, which is {expected!r}"
        )
    return problems


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _footer_rows(release_dir: Path) -> dict[str, int]:
    """Return the row count of every Parquet file, read from its footer only."""
    rows = {}
    for path in sorted(release_dir.rglob("*.parquet")):
        relative = path.relative_to(release_dir).as_posix()
        try:
            rows[relative] = pq.ParquetFile(path).metadata.num_rows
        except Exception as exc:
            message = " ".join(str(exc).split())
            raise ReleaseError(f"{path}: not a readable Parquet file: {message}") from exc
    return rows


def _license_problems(license_value: Any) -> list[str]:
    ids = _as_list(license_value)
    if not ids:
        return ["license is missing"]
    return [
        f"license {value!r} is no Hub licence id (see the Hub's list, or use 'other')"
        for value in ids
        if not isinstance(value, str) or value not in HUB_LICENSE_IDS
    ]


def _other_license_problems(metadata: dict[str, Any]) -> list[str]:
    if "other" not in _as_list(metadata.get("license")):
        return []
    return [
        f"license lists 'other' but {key} is missing: the Hub cannot say which licence it is"
        for key in ("license_name", "license_link")
        if not isinstance(metadata.get(key), str) or not metadata[key].strip()
    ]


def _hub_card_problems(readme: Path) -> list[str]:
    """Return huggingface_hub's complaint if its ``DatasetCard`` cannot load the card (offline).

    The Hub reads cards with that library's parser, which is stricter than a
    plain YAML load: e.g. a metadata key that is not text fails it.
    """
    from huggingface_hub import DatasetCard

    try:
        card = DatasetCard.load(readme)
        card.data.to_dict()
    except Exception as exc:
        return [f"huggingface_hub's DatasetCard cannot read the card: {type(exc).__name__}: {exc}"]
    return []


def _language_problems(language_value: Any) -> list[str]:
    import pycountry

    problems = []
    for code in _as_list(language_value):
        text = code if isinstance(code, str) else ""
        known = (len(text) == 2 and pycountry.languages.get(alpha_2=text)) or (
            len(text) == 3 and pycountry.languages.get(alpha_3=text)
        )
        if not known or text != text.lower():
            problems.append(f"language {code!r} is no ISO 639-1 or ISO 639-3 code")
    return problems


def _split_paths(config: dict[str, Any]) -> dict[str, list[str]]:
    """Return split -> path patterns of a config's ``data_files``, in any of its three forms.

    ``data_files`` is a path or list of paths (all ``train``), a mapping of
    split to paths, or a list of ``{split, path}`` entries.
    """
    data_files = config.get("data_files", [])
    if isinstance(data_files, dict):
        entries = list(data_files.items())
    elif isinstance(data_files, list) and all(isinstance(e, dict) for e in data_files):
        entries = [(e.get("split", "train"), e.get("path")) for e in data_files]
    else:
        entries = [("train", data_files)]
    return {str(split): [str(p) for p in _as_list(paths)] for split, paths in entries}


def _matches(patterns: list[str], rows: dict[str, int]) -> list[str]:
    return sorted(path for path in rows if any(fnmatch.fnmatch(path, p) for p in patterns))


def _config_problems(configs: list[Any], rows: dict[str, int]) -> list[str]:
    if not configs:
        return ["configs is missing: load_dataset could not find the Parquet shards"]
    problems = []
    defaults = [c.get("config_name") for c in configs if isinstance(c, dict) and c.get("default")]
    if len(configs) > 1 and len(defaults) != 1:
        problems.append(f"{len(defaults)} configs are marked default; exactly one must be")
    used: set[str] = set()
    for config in configs:
        name = config.get("config_name") if isinstance(config, dict) else None
        if not name:
            problems.append(f"config {config!r} has no config_name")
            continue
        for split, patterns in _split_paths(config).items():
            for pattern in patterns:
                # datasets skips such a pattern silently; here it means card and files disagree.
                matched = _matches([pattern], rows)
                used.update(matched)
                if not matched:
                    problems.append(f"config {name!r} split {split!r}: no file matches {pattern!r}")
    problems += [f"{path} belongs to no config" for path in sorted(set(rows) - used)]
    return problems


def _dataset_info_problems(infos: list[Any], configs: list[Any], rows: dict[str, int]) -> list[str]:
    by_name = {c.get("config_name"): c for c in configs if isinstance(c, dict)}
    problems = []
    for info in infos:
        name = info.get("config_name", "default") if isinstance(info, dict) else None
        if name not in by_name:
            problems.append(f"dataset_info describes config {name!r}, which configs lacks")
            continue
        paths = _split_paths(by_name[name])
        for split in _as_list(info.get("splits")):
            patterns = paths.get(split.get("name"), [])
            actual = sum(rows[path] for path in _matches(patterns, rows))
            if split.get("num_examples") != actual:
                problems.append(
                    f"dataset_info {name!r} split {split.get('name')!r} says "
                    f"{split.get('num_examples')} examples; its files hold {actual} rows"
                )
    return problems


def _default_rows(configs: list[Any], rows: dict[str, int]) -> int:
    """Return the records in the default config, or in every config when none is marked."""
    chosen = [c for c in configs if isinstance(c, dict) and c.get("default")] or configs
    paths: set[str] = set()
    for config in chosen:
        for patterns in _split_paths(config).values():
            paths.update(_matches(patterns, rows))
    return sum(rows[path] for path in paths)


def _manifest_problems(manifest_path: Path, rows: dict[str, int]) -> list[str]:
    """Compare the manifest's file list with the Parquet files present, when there is one."""
    if not manifest_path.exists():
        return []
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = manifest.get("files", {})
    except (OSError, ValueError, AttributeError) as exc:
        return [f"manifest.json is unreadable: {exc}"]
    if not isinstance(files, dict):
        return ["manifest.json's 'files' is not a mapping of file to rows"]
    return [
        f"manifest.json lists {path} with {count} rows; the release holds {rows.get(path)}"
        for path, count in sorted(files.items())
        if rows.get(path) != count
    ] + file_problems(manifest_path.parent, manifest)
