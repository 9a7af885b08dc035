"""Shards spool atomically, and detached shards hand their spools back to the driver."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.conftest import quickstart_in
from zhiling import hookimpl
from zhiling.manager import make_plugin_manager
from zhiling.run import run_recipe
from zhiling.shards import MapTask

QUICKSTART = Path(__file__).resolve().parents[2] / "recipes" / "quickstart.yaml"


class Detached:
    """An executor whose workers share no disk with the driver: shards run here, one by one."""

    parallelism = 2
    workers_share_scratch = False

    def map_shards(self, task, count):
        return [task(index, count) for index in range(count)]


@hookimpl
def register_executors(register):
    register("detached", Detached)


def test_a_detached_shard_returns_the_files_it_would_have_written(tmp_path):
    in_place = MapTask(str(QUICKSTART), str(tmp_path), keep_dropped=True)(1, 2)
    detached = MapTask(str(QUICKSTART), str(tmp_path / "unused"), True, detached=True)(1, 2)
    assert in_place.files == {}
    assert sorted(detached.files) == ["dropped-00001", "records-00001"]
    # In place, the shard also marks itself finished (for --resume) with its counts.
    spooled = {
        path.name: path.read_bytes()
        for path in tmp_path.iterdir()
        if not path.name.startswith("progress-")
    }
    assert sorted(spooled) == ["dropped-00001", "records-00001", "stats-00001"]
    assert detached.files == {name: spooled[name] for name in detached.files}
    assert [s.as_dict() for s in detached.stats] == [s.as_dict() for s in in_place.stats]


def test_a_release_from_detached_shards_is_the_local_release(tmp_path):
    pm = make_plugin_manager(installed=False)
    pm.register(sys.modules[__name__], name="detached-executor")
    recipe = quickstart_in(tmp_path / "local")
    local = run_recipe(recipe, pm=pm, workers=1, keep_dropped=True)
    recipe = quickstart_in(tmp_path / "detached")
    detached = run_recipe(recipe, pm=pm, executor="detached", keep_dropped=True)
    assert detached.manifest == local.manifest
    first, second = (Path(r.destinations[0].split(" ")[0]) for r in (local, detached))
    assert sorted(p.relative_to(second) for p in second.rglob("*")) == sorted(
        p.relative_to(first) for p in first.rglob("*")
    )
    for path in first.rglob("*.parquet"):
        assert path.read_bytes() == (second / path.relative_to(first)).read_bytes()
