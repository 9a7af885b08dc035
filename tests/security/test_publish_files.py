"""Publishing sends exactly the release's listed files; ``check-card`` finds a changed file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from zhiling.cli import main

pytestmark = pytest.mark.filterwarnings(
    "ignore:Use 'content=<...>' to upload raw bytes:DeprecationWarning"
)
SHARD = "zh/train-00000-of-00001.parquet"


def _manifest(release: Path) -> dict[str, object]:
    return json.loads((release / "manifest.json").read_text(encoding="utf-8"))


def _publish_error(release: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["publish", str(release), "--repo", "someone/quick"]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"Error: {release}: refusing to publish: "), error
    assert error.count("\n") == 1, error
    return error


def test_publish_uploads_exactly_the_listed_files(release_copy, hub, capsys):
    (release_copy / "dropped").mkdir()
    (release_copy / "dropped" / "dropped.jsonl").write_text('{"reason": "x"}\n', "utf-8")
    assert main(["publish", str(release_copy), "--repo", "someone/quick"]) == 0
    repo = hub.repos["someone/quick"]
    uploaded = set(repo.commits[repo.branches["main"]].files)
    listed = set(_manifest(release_copy)["checksums"])  # type: ignore[arg-type]
    assert uploaded - {".gitattributes"} == listed | {"manifest.json"}
    assert {"README.md", SHARD, "report.json"} <= listed


@pytest.mark.parametrize("stray", [".env", "zh/notes.txt", "charts/.DS_Store"])
def test_an_unlisted_file_is_refused_naming_it(release_copy, hub, capsys, stray):
    (release_copy / stray).write_text("HF_TOKEN=hf_secretsecretsecret\n", encoding="utf-8")
    error = _publish_error(release_copy, capsys)
    assert f"{stray} is not listed in manifest.json" in error
    assert "hf_secret" not in error
    assert hub.requests == []


def test_a_symlink_to_a_file_outside_is_refused(release_copy, hub, capsys, tmp_path):
    secret = tmp_path / "id_rsa"
    secret.write_text("PRIVATE KEY\n", encoding="utf-8")
    (release_copy / "charts" / "key.svg").symlink_to(secret)
    error = _publish_error(release_copy, capsys)
    assert "charts/key.svg is a link" in error
    assert hub.requests == []


def test_a_listed_shard_replaced_by_a_symlink_is_refused(release_copy, hub, capsys, tmp_path):
    shard = release_copy / SHARD
    moved = Path(tmp_path / "elsewhere.parquet")
    shard.rename(moved)
    shard.symlink_to(moved)
    error = _publish_error(release_copy, capsys)
    assert f"{SHARD} is a link" in error
    assert hub.requests == []


def test_a_release_without_checksums_is_not_published(release_copy, hub, capsys):
    manifest = _manifest(release_copy)
    del manifest["checksums"]
    (release_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert main(["publish", str(release_copy), "--repo", "someone/quick"]) == 1
    error = capsys.readouterr().err
    assert "lists no file checksums" in error
    assert hub.requests == []


def _flip_a_middle_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_check_card_names_a_tampered_shard(release_copy, capsys):
    assert main(["check-card", str(release_copy)]) == 0
    capsys.readouterr()
    size = os.path.getsize(release_copy / SHARD)
    _flip_a_middle_byte(release_copy / SHARD)
    assert os.path.getsize(release_copy / SHARD) == size  # same size, same footer, other bytes
    assert main(["check-card", str(release_copy)]) == 1
    error = capsys.readouterr().err
    assert f"  - {SHARD} does not match its sha256 in manifest.json: it was changed" in error


def test_check_card_names_a_shard_of_another_size(release_copy, capsys):
    shard = release_copy / SHARD
    data = shard.read_bytes()
    shard.write_bytes(data[:4] + b"\0" * 16 + data[4:])  # the footer still reads
    assert main(["check-card", str(release_copy)]) == 1
    error = capsys.readouterr().err
    assert f"{SHARD} has {os.path.getsize(shard)} bytes; manifest.json says" in error


def test_check_card_names_a_missing_listed_file(release_copy, capsys):
    (release_copy / "report.json").unlink()
    assert main(["check-card", str(release_copy)]) == 1
    assert "report.json is listed in manifest.json but missing" in capsys.readouterr().err
