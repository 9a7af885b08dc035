"""Progress as users see it: a terminal, a log file, quiet mode, a reader that goes away."""

from __future__ import annotations

import fcntl
import json
import os
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.conftest import QUICKSTART, REPO
from zhiling import progress

#: Cursor movements and colours; what remains is what the terminal shows.
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _recipe(tmp_path: Path) -> Path:
    recipe = tmp_path / "quickstart.yaml"
    recipe.write_text(
        QUICKSTART.read_text()
        .replace("../tests/", f"{REPO}/tests/")
        .replace("../releases", "releases")
    )
    return recipe


def _zhiling(*args: str) -> list[str]:
    return [sys.executable, "-m", "zhiling.cli", *args]


def _in_terminal(command: list[str], cwd: Path, columns: int) -> tuple[int, str, str]:
    """Run ``command`` with stderr on a pseudo-terminal ``columns`` wide; return code, screen, out.

    Progress goes to stderr; stdout (the result lines) is piped and returned apart.
    """
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {**os.environ, "COLUMNS": str(columns)}
    process = subprocess.Popen(
        command, stdin=slave, stdout=subprocess.PIPE, stderr=slave, cwd=cwd, env=env
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    out = process.stdout.read().decode("utf-8")
    process.stdout.close()
    return process.wait(timeout=300), b"".join(chunks).decode("utf-8"), out


def test_a_terminal_shows_two_workers_as_one_bar_per_stage_within_its_width(tmp_path):
    columns = 72
    code, shown, out = _in_terminal(
        _zhiling("run", str(_recipe(tmp_path)), "--workers", "2"), tmp_path, columns
    )
    assert code == 0, shown
    manifest = json.loads((tmp_path / "releases/quickstart/0.1.0/manifest.json").read_text())
    documents, spooled = manifest["steps"][0]["in"], manifest["steps"][12]["out"]
    screen = [ESCAPES.sub("", line) for line in re.split(r"[\r\n]", shown)]
    too_wide = [line for line in screen if len(line) > columns]
    assert not too_wide, too_wide
    assert "shard" not in shown.replace("shards ", "")  # no per-worker lines
    # Both workers' documents add up in one "map" bar, which ends knowing both finished.
    maps = [line for line in screen if line.startswith("map:")]
    assert maps[-1].startswith(f"map: {documents} docs")
    assert "shards 2/2 done" in maps[-1]
    # The reduce stage knows its total (the records both workers spooled): a bar with ETA.
    reduces = [line for line in screen if line.startswith("reduce:")]
    assert f"{spooled}/{spooled}" in reduces[-1]
    assert reduces[-1].startswith("reduce: 100%")
    assert "released quickstart 0.1.0" in out


def test_without_a_terminal_stages_print_paced_lines_and_a_closed_stdout_is_quiet(tmp_path):
    read, write = os.pipe()
    reader = subprocess.Popen([sys.executable, "-c", ""], stdin=read)
    os.close(read)
    reader.wait()  # the reader has gone before anything is written
    env = {**os.environ, progress.INTERVAL_VARIABLE: "0.05"}
    run = subprocess.run(
        _zhiling("run", str(_recipe(tmp_path)), "--workers", "2"),
        stdout=write,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    os.close(write)
    assert run.returncode == 141, run.stderr
    assert (tmp_path / "releases/quickstart/0.1.0/manifest.json").is_file()
    lines = run.stderr.splitlines()
    assert "Traceback" not in run.stderr
    assert all(re.match(r"(map|reduce): ", line) for line in lines), lines
    maps = [line for line in lines if line.startswith("map: ")]
    assert len(maps) >= 2  # at least one while the workers ran, and the last when they ended
    assert maps[-1].startswith("map: 10 docs done, ")
    assert re.search(r", [\d.,]+ docs/s; \d+ out, shards 2/2 done$", maps[-1])
    assert all(re.match(r"map: \d+ docs, \d:\d\d elapsed, ", line) for line in maps[:-1])
    assert lines[-1].startswith("reduce: ")


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_before_or_after_the_command_prints_nothing(tmp_path, where):
    args = ["run", str(_recipe(tmp_path)), "--workers", "2"]
    args = ["-q", *args] if where == "before" else [*args, "-q"]
    result = subprocess.run(_zhiling(*args), capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0
    assert (result.stdout, result.stderr) == ("", "")
    assert (tmp_path / "releases/quickstart/0.1.0/manifest.json").is_file()


def test_quiet_still_prints_errors(tmp_path):
    result = subprocess.run(
        _zhiling("run", str(tmp_path / "missing.yaml"), "-q"), capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert "missing.yaml" in result.stderr


def test_a_listing_piped_into_a_reader_that_stops_early_ends_quietly():
    lister = subprocess.Popen(_zhiling("plugins"), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    head = subprocess.run(["head", "-n", "2"], stdin=lister.stdout, capture_output=True, check=True)
    lister.stdout.close()
    errors = lister.stderr.read().decode()
    lister.stderr.close()
    assert lister.wait(timeout=60) in (0, 141)  # 0 if it finished before head left
    assert errors == ""
    assert len(head.stdout.decode().splitlines()) == 2


def test_plain_lines_come_at_most_every_interval_plus_one_at_the_end(capsys):
    progress.configure(interval=3600)
    try:
        with progress.stage("count", total=1000, unit="items") as shown:
            for _ in shown.counted(range(1000)):
                pass
            shown.note = "all counted"
    finally:
        progress.configure()
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert re.fullmatch(
        r"count: 1,000/1,000 items done, 0:00 elapsed, .* items/s; all counted", lines[0]
    )


def _fail_after(count: int) -> None:
    with progress.stage("count") as shown:
        shown.advance(count)
        raise RuntimeError("boom")


def test_a_stage_that_fails_says_it_stopped(capsys):
    progress.configure(interval=3600)
    try:
        with pytest.raises(RuntimeError, match="boom"):
            _fail_after(3)
    finally:
        progress.configure()
    assert capsys.readouterr().err.startswith("count: 3 records stopped, ")


def test_a_bad_interval_is_one_clear_error(monkeypatch):
    monkeypatch.setenv(progress.INTERVAL_VARIABLE, "soon")
    with pytest.raises(progress.ZhilingError, match="ZHILING_PROGRESS_INTERVAL='soon'"):
        progress.plain_interval()
