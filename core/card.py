"""The dataset card's inputs: Hub metadata computed from the real shards, and the template.

The card itself is rendered by whichever plugin answers ``render_dataset_card``;
the built-in renderer answers last. The metadata (``configs``,
``dataset_info``) is computed here, not by plugins, because
``datasets.load_dataset`` trusts it: a wrong row count fails every load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from zhiling.release import ALL_CONFIG, SCHEMA, ShardFile

#: Hub licence ids for the SPDX ids our sources use; anything else is "other".
HUB_LICENSES = {
    "apache-2.0": "apache-2.0",
    "mit": "mit",
    "mpl-2.0": "mpl-2.0",
    "cc0-1.0": "cc0-1.0",
    "cc-by-3.0": "cc-by-3.0",
    "cc-by-4.0": "cc-by-4.0",
    "cc-by-sa-3.0": "cc-by-sa-3.0",
    "cc-by-sa-4.0": "cc-by-sa-4.0",
    "gpl-2.0-only": "gpl-2.0",
    "gpl-2.0-or-later": "gpl-2.0",
    "gpl-3.0-only": "gpl-3.0",
    "gpl-3.0-or-later": "gpl-3.0",
    "lgpl-2.1-or-later": "lgpl-2.1",
    "gfdl-1.2-or-later": "gfdl",
    "gfdl-1.3-or-later": "gfdl",
    "bsd-3-clause": "bsd-3-clause",
    "psf-2.0": "other",
}
SIZE_CATEGORIES = (
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
    (10_000_000, "1M<n<10M"),
    (100_000_000, "10M<n<100M"),
)
DEFAULT_TASKS = ("text-generation", "question-answering")
#: Where an SPDX id's licence text is published.
SPDX_LICENSE_URL = "https://spdx.org/licenses/{}.html"


@dataclass(frozen=True)
class CardContext:
    """What a card renderer gets: the template text, the Hub metadata, manifest and report."""

    name: str
    version: str
    pretty_name: str
    description: str
    template: str
    metadata: dict[str, Any]
    manifest: dict[str, Any] = field(repr=False)
    #: ``report.json``: distributions, waterfall, audits, gates and chart paths.
    report: dict[str, Any] = field(default_factory=dict, repr=False)

    def front_matter(self) -> str:
        """Return the YAML front matter block that the Hub and ``load_dataset`` read."""
        body = yaml.safe_dump(self.metadata, sort_keys=False, allow_unicode=True, width=1000)
        return f"---\n{body}---\n"


def default_template() -> str:
    """Return the card template shipped with zhiling (``dataset_card/template.md``)."""
    return resources.files("zhiling.card_templates").joinpath("template.md").read_text("utf-8")


def size_category(rows: int) -> str:
    """Return the Hub size category for ``rows`` records."""
    for limit, label in SIZE_CATEGORIES:
        if rows < limit:
            return label
    return "n>100M"


def hub_license(spdx: str) -> str:
    """Return the Hub licence id for an SPDX id, or "other" when the Hub has none."""
    return HUB_LICENSES.get(spdx.lower(), "other")


def hub_metadata(
    *,
    pretty_name: str,
    shards: list[ShardFile],
    licenses: list[str],
    task_categories: tuple[str, ...],
    other_license: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Return card metadata describing ``shards`` exactly: configs, files and row counts.

    When the licence list holds ``other``, ``license_name`` and ``license_link``
    say which licence it is: as ``other_license`` gives them, else from the SPDX ids.
    """
    configs: dict[str, dict[str, list[ShardFile]]] = {}
    for shard in shards:
        configs.setdefault(shard.config, {}).setdefault(shard.split, []).append(shard)
    ordered = sorted(configs, key=lambda name: (name != ALL_CONFIG, name))
    total = sum(s.rows for s in shards if s.config == ALL_CONFIG)
    hub_ids = sorted({hub_license(spdx) for spdx in licenses if spdx}) or ["other"]
    metadata: dict[str, Any] = {
        "pretty_name": pretty_name,
        "language": sorted(name for name in configs if name != ALL_CONFIG),
        "license": hub_ids[0] if len(hub_ids) == 1 else hub_ids,
        **(other_license_metadata(licenses, other_license or {}) if "other" in hub_ids else {}),
        "task_categories": list(task_categories or DEFAULT_TASKS),
        "size_categories": [size_category(total)],
        "configs": [
            {
                "config_name": name,
                **({"default": True} if name == ALL_CONFIG else {}),
                "data_files": [
                    {"split": split, "path": [s.path for s in files]}
                    for split, files in configs[name].items()
                ],
            }
            for name in ordered
        ],
        "dataset_info": [
            {
                "config_name": name,
                "features": features_yaml(SCHEMA),
                "splits": [
                    {
                        "name": split,
                        "num_bytes": sum(s.nbytes for s in files),
                        "num_examples": sum(s.rows for s in files),
                    }
                    for split, files in configs[name].items()
                ],
            }
            for name in ordered
        ],
    }
    return metadata


def other_license_metadata(licenses: list[str], given: dict[str, str]) -> dict[str, str]:
    """Return ``license_name`` and ``license_link`` for the licences the Hub calls 'other'.

    The name is the SPDX ids' (lower case, joined by ``-and-``); the link is the
    SPDX page of a single id, else the card itself, whose Licences table lists them.
    """
    others = sorted({spdx for spdx in licenses if spdx and hub_license(spdx) == "other"})
    single = len(others) == 1 and not others[0].lower().startswith("licenseref-")
    return {
        "license_name": given.get("license_name")
        or "-and-".join(spdx.lower() for spdx in others)
        or "unknown",
        "license_link": given.get("license_link")
        or (SPDX_LICENSE_URL.format(others[0]) if single else "README.md"),
    }


def features_yaml(schema: pa.Schema) -> list[dict[str, Any]]:
    """Return ``schema`` in the ``features`` form of the Hub card metadata."""
    return [{"name": f.name, **_feature_type(f.type)} for f in schema]


def _feature_type(arrow_type: pa.DataType) -> dict[str, Any]:
    if pa.types.is_struct(arrow_type):
        return {"struct": [{"name": f.name, **_feature_type(f.type)} for f in arrow_type]}
    if pa.types.is_list(arrow_type):
        # As ``datasets`` writes them: a list of scalars names the dtype, a
        # list of structs gives the field list, a list of lists nests.
        inner = _feature_type(arrow_type.value_type)
        return {"list": inner.get("dtype") or inner.get("struct") or inner}
    return {"dtype": str(arrow_type)}


def read_template(path: Path | None) -> str:
    """Return the recipe's card template, or the default one."""
    return path.read_text(encoding="utf-8") if path else default_template()
