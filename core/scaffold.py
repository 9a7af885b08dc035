"""Write a new, installable plugin package from the templates in ``scaffold_templates``.

``zhiling new-plugin extractor my-faq`` writes ``zhiling-my-faq/`` holding a
``pyproject.toml`` with the ``[project.entry-points.zhiling]`` line, the module
``zhiling_my_faq`` with its ``@hookimpl`` and a working component, tests that use
``zhiling.testing`` and pass as generated, and a README. The templates are
package data, so the command works from an installed wheel.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from string import Template

from zhiling.errors import ZhilingError
from zhiling.kinds import KINDS

TEMPLATES = "scaffold_templates"
SCAFFOLD_KINDS = ("extractor", "filter", "batch-filter", "segmenter", "source")
#: Scaffolds that start a component of another kind than their name says.
SCAFFOLD_KIND_OF = {"batch-filter": "filter"}
NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*\Z")

#: What the README shows for using each kind in a recipe.
RECIPE_LINES = {
    "extractor": "steps:\n  - extract: $name",
    "filter": "steps:\n  - filter: $name\n    field: output\n    min_chars: 20",
    "batch-filter": "steps:\n  - filter: $name\n    field: output\n    batch_size: 64",
    "segmenter": "steps:\n  - segment: $name\n    languages: [en]",
    "source": "sources:\n  - read: $name\n    paths: [data/*.txt]\n    license: CC0-1.0",
}
PREVIEW = """
Try it on a file of your own, with the steps of a recipe that uses it:

```console
zhiling extract --recipe my-recipe.yaml sample.txt
```
"""
MEASURE = """
## Measure it

A recipe with `min_precision` holds back a pattern whose measured precision is
lower or missing for a language. `$module/precision.json` ships the figures
for this version, measured on the labelled passages in `measure/`; a test
fails when they are out of date. Draw passages at random from your own
documents (put them in `docs/`, where `measure/recipe.yaml` reads), fill each
`pairs` list with the pairs a careful reader would write, add the lines to
`measure/labelled.jsonl`, then measure:

```console
zhiling sample measure/recipe.yaml -n 50 --seed 1 -o measure/new.jsonl
zhiling measure --recipe measure/recipe.yaml measure/labelled.jsonl \\
    --write-precision $module/precision.json
```
"""


@dataclass(frozen=True)
class PluginNames:
    """Every name derived from the component name: distribution, module, class."""

    kind: str
    name: str

    @property
    def dist(self) -> str:
        """Return the distribution name, e.g. ``zhiling-faq-heading``."""
        return f"zhiling-{self.name}"

    @property
    def module(self) -> str:
        """Return the import name, e.g. ``zhiling_faq_heading``."""
        return self.dist.replace("-", "_")

    @property
    def cls(self) -> str:
        """Return the component's class name, e.g. ``FaqHeading``."""
        return "".join(part.capitalize() for part in self.name.split("-"))

    def values(self) -> dict[str, str]:
        """Return the template variables."""
        values = {
            "name": self.name,
            "dist": self.dist,
            "module": self.module,
            "cls": self.cls,
            "kind": self.kind,
            "zhiling_version": _minimum_version(),
        }
        values["recipe_lines"] = Template(RECIPE_LINES[self.kind]).substitute(values)
        values["preview_lines"] = "" if self.kind == "source" else PREVIEW
        values["measure_lines"] = (
            Template(MEASURE).substitute(module=self.module) if self.kind == "extractor" else ""
        )
        values["package_data"] = (
            f'\n[tool.setuptools.package-data]\n{self.module} = ["precision.json"]\n'
            if self.kind == "extractor"
            else ""
        )
        values["today"] = datetime.date.today().isoformat()
        return values


def new_plugin(kind: str, name: str, target: Path | None = None) -> list[Path]:
    """Write a plugin package of ``kind`` named ``name`` into ``target`` and list its files.

    ``target`` defaults to ``./zhiling-<name>``; an existing non-empty folder
    is never written into.

    Raises:
        ZhilingError: for an unknown kind, a name that is not lower-case words
            joined by hyphens, a name a built-in already uses, or a non-empty target.
    """
    names = _check(kind, name)
    folder = Path(target) if target is not None else Path(names.dist)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ZhilingError(f"{folder} already exists and is not empty; choose another --dir")
    values = names.values()
    files = {
        "pyproject.toml": "pyproject.toml.tmpl",
        "README.md": "README.md.tmpl",
        f"{names.module}/__init__.py": f"{kind}/module.py.tmpl",
        f"tests/test_{names.module.removeprefix('zhiling_')}.py": f"{kind}/test.py.tmpl",
    }
    if kind == "extractor":
        files |= {
            f"{names.module}/precision.json": "extractor/precision.json.tmpl",
            "measure/recipe.yaml": "extractor/recipe.yaml.tmpl",
            "measure/labelled.jsonl": "extractor/labelled.jsonl.tmpl",
        }
    written = []
    templates = resources.files(__package__).joinpath(TEMPLATES)
    for relative, template in files.items():
        text = Template(templates.joinpath(template).read_text("utf-8")).substitute(values)
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _check(kind: str, name: str) -> PluginNames:
    if kind not in SCAFFOLD_KINDS:
        raise ZhilingError(
            f"cannot scaffold a {kind!r} plugin; choose one of {', '.join(SCAFFOLD_KINDS)}"
        )
    name = name.removeprefix("zhiling-")
    if not NAME.match(name):
        raise ZhilingError(
            f"plugin name {name!r} must be lower-case letters and digits, words joined by "
            "hyphens, starting with a letter (e.g. 'faq-heading')"
        )
    from zhiling.testing import builtin_registry

    registered = SCAFFOLD_KIND_OF.get(kind, kind)
    if name in builtin_registry().names(registered):
        raise ZhilingError(
            f"a built-in {KINDS[registered].name} is already called {name!r}; recipes could not "
            "tell yours from it, so choose another name"
        )
    return PluginNames(kind, name)


def _minimum_version() -> str:
    try:
        version = metadata.version("zhiling")
    except metadata.PackageNotFoundError:
        return "0.1"
    return ".".join(version.split(".")[:2])
