"""One local Ray runtime per session, whose workers can load the test-only ``faulty`` plugin."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent


def install_faulty_plugin(site: Path) -> None:
    """Put ``faulty_plugin.py`` into ``site`` as an installed distribution with an entry point."""
    shutil.copy(HERE / "faulty_plugin.py", site / "zhiling_faulty.py")
    info = site / "zhiling_faulty-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: zhiling-faulty\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text("[zhiling]\nfaulty = zhiling_faulty\n")


@pytest.fixture(scope="session")
def ray_runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Start Ray with two CPUs; workers find the faulty plugin on their ``PYTHONPATH``."""
    ray = pytest.importorskip("ray")
    site = tmp_path_factory.mktemp("ray-site")
    install_faulty_plugin(site)
    path = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        runtime_env={"env_vars": {"PYTHONPATH": path, "OMP_NUM_THREADS": "1"}},
    )
    yield ray
    ray.shutdown()
