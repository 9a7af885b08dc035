import shutil
from collections import Counter

import pytest

from zhiling import BLOCK_KINDS, RecipeError, Shard, StepError
from zhiling.manager import make_plugin_manager
from zhiling.plugins.sources.debian_docs import DebianDocs, register_sources
from zhiling.recipe import load_recipe
from zhiling.registry import Registry
from zhiling.run import run_recipe, source_checksums
from zhiling.verify import verify_release

INCLUDE = ["usr/share/doc/demo/*.html", "usr/share/man/*"]


def source(deb, sha256, **options):
    package = {"name": "demo", "version": "1.0-1", "sha256": sha256, "include": INCLUDE}
    package.update(options.pop("package", {}))
    return DebianDocs(
        packages=[package],
        cache_dir=str(deb.parent),
        download=False,
        shard=options.pop("shard", Shard()),
        base_dir=deb.parent,
        **options,
    )


def test_reads_documents_with_provenance_licence_and_blocks(demo_deb):
    deb, sha256 = demo_deb
    records = list(source(deb, sha256))
    documents = {r["meta"]["source"]: r for r in records if "drop_reason" not in r}
    # The package file's name, then the path inside it: meaningful to a dataset user.
    guide = documents[f"{deb.name}/usr/share/doc/demo/guide.html"]
    assert guide["meta"]["license"] == "GPL-2.0-or-later"
    assert guide["meta"]["title"] == "Chapter 1. GNU/Linux tutorials"
    assert guide["lang"] == "en"
    assert {b["kind"] for b in guide["blocks"]} <= BLOCK_KINDS
    assert all("lang" in b["attrs"] for b in guide["blocks"])
    page = documents[f"{deb.name}/usr/share/man/man1/demo.1.gz"]
    assert page["meta"]["license"] == "LicenseRef-FSF-manpages"
    assert "verbatim copies" in page["meta"]["license_notice"]
    assert any(b["kind"] == "option" for b in page["blocks"])


def test_bad_files_and_aliases_are_counted_drops_not_read_twice(demo_deb):
    deb, sha256 = demo_deb
    records = list(source(deb, sha256))
    drops = Counter(r["drop_reason"] for r in records if "drop_reason" in r)
    assert drops == {"not_utf8": 1, "no_text": 1, "man_page_alias": 1, "symlink": 1}
    alias = next(r for r in records if r["meta"]["source"].endswith("alias.html"))
    assert alias["drop_reason"] == "symlink"


def test_recipe_licence_and_language_override_the_package(demo_deb):
    deb, sha256 = demo_deb
    package = {"license": "LicenseRef-Demo", "lang": "zh"}
    records = [r for r in source(deb, sha256, package=package) if "drop_reason" not in r]
    assert {r["meta"]["license"] for r in records} == {"LicenseRef-Demo"}
    assert {r["lang"] for r in records} == {"zh"}


def test_shards_split_the_files_between_workers(demo_deb):
    deb, sha256 = demo_deb
    whole = [r["id"] for r in source(deb, sha256)]
    parts = [[r["id"] for r in source(deb, sha256, shard=Shard(i, 2))] for i in range(2)]
    assert sorted(parts[0] + parts[1]) == sorted(whole)
    assert parts[0]
    assert parts[1]


def test_checksum_mismatch_stops_the_source(demo_deb):
    deb, _ = demo_deb
    with pytest.raises(StepError, match="package demo: checksum mismatch"):
        list(source(deb, "a" * 64))
    with pytest.raises(StepError, match="checksum mismatch"):
        source(deb, "a" * 64).inputs()


def test_the_manifest_names_a_package_by_its_file_wherever_the_cache_is(
    demo_deb, tmp_path, monkeypatch
):
    deb, sha256 = demo_deb
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    cache = tmp_path / "home-cache" / "zhiling" / "debs"  # the default cache, outside the project
    cache.mkdir(parents=True)
    shutil.copy(deb, cache)
    recipe = tmp_path / "project" / "recipes" / "r.yaml"
    recipe.parent.mkdir(parents=True)
    recipe.write_text(
        "name: r\nversion: 1.0.0\nsources:\n  - read: debian-docs\n    download: false\n"
        f"    packages: [{{name: demo, version: '1.0-1', sha256: {sha256}}}]\n"
    )
    registry = Registry(make_plugin_manager(installed=False))
    assert source_checksums(load_recipe(recipe, registry), registry) == {deb.name: sha256}


def test_missing_package_is_a_clear_error(tmp_path):
    missing = DebianDocs(
        packages=[{"name": "demo", "version": "9", "sha256": "a" * 64}],
        cache_dir=str(tmp_path),
        download=False,
        shard=Shard(),
        base_dir=tmp_path,
    )
    with pytest.raises(RecipeError, match=r"package demo=9 is not in .*download: false"):
        list(missing)


@pytest.mark.parametrize(
    ("packages", "message"),
    [
        ([], "non-empty list"),
        ([{"name": "x", "version": "1"}], "needs name, version and sha256"),
        ([{"name": "x", "version": "1", "sha256": "beef"}], "64 hex digits"),
        ([{"name": "x", "version": "1", "sha256": "a" * 64, "colour": 1}], "unknown key"),
        ([{"name": "x", "version": "1", "sha256": "a" * 64, "include": "*"}], "list of globs"),
    ],
)
def test_bad_package_lists_are_recipe_errors(tmp_path, packages, message):
    with pytest.raises(RecipeError, match=message):
        DebianDocs(packages=packages, shard=Shard(), base_dir=tmp_path)


def test_registers_its_recipe_name():
    registered = {}
    register_sources(register=registered.__setitem__)
    assert registered == {"debian-docs": DebianDocs}


def test_a_package_apt_cannot_find_is_a_clear_error(tmp_path):
    import shutil

    if shutil.which("apt-get") is None:
        pytest.skip("apt-get is not installed")
    unknown = DebianDocs(
        packages=[{"name": "zhiling-no-such-package", "version": "1", "sha256": "a" * 64}],
        cache_dir=str(tmp_path),
        shard=Shard(),
        base_dir=tmp_path,
    )
    with pytest.raises(StepError, match=r"package zhiling-no-such-package=1 could not be"):
        unknown.inputs()


def test_a_release_from_the_default_cache_verifies_and_publishes_no_machine_path(
    demo_deb, tmp_path, monkeypatch
):
    deb, sha256 = demo_deb
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    cache = tmp_path / "home-cache" / "zhiling" / "debs"
    cache.mkdir(parents=True)
    shutil.copy(deb, cache)
    recipe = tmp_path / "project" / "r.yaml"
    recipe.parent.mkdir()
    recipe.write_text(
        "name: r\nversion: 1.0.0\nlicense_policy:\n"
        "  allow: [GPL-2.0-or-later, LicenseRef-FSF-manpages]\n"
        "sources:\n  - read: debian-docs\n    download: false\n"
        f"    packages: [{{name: demo, version: '1.0-1', sha256: {sha256}}}]\n"
        "steps:\n  - extract: man-option\n"
    )
    pm = make_plugin_manager(installed=False)
    release = tmp_path / "release"
    result = run_recipe(recipe, pm=pm, workers=1, output=release)
    assert sum(result.manifest["configs"]["en"].values()) > 0
    assert result.manifest["sources"] == {deb.name: sha256}
    assert str(tmp_path) not in (release / "manifest.json").read_text(encoding="utf-8")
    assert verify_release(release, recipe, pm=pm, workers=1).identical
