"""Build tiny real .deb packages with dpkg-deb for the debian-docs tests."""

import gzip
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

DATA = Path(__file__).parents[2] / "data" / "debian"
COPYRIGHT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/

Files: *
Copyright: 2026 zhiling test authors
License: GPL-2+

Files: demo.1
Copyright: 2026 zhiling test authors
License: FSF-manpages
 Permission is granted to make and distribute verbatim copies of this manual.
"""


def build_deb(tree: Path, out: Path, name: str = "demo", version: str = "1.0-1") -> Path:
    """Return a .deb of ``tree`` named as ``apt-get download`` names its files."""
    (tree / "DEBIAN").mkdir(parents=True, exist_ok=True)
    (tree / "DEBIAN" / "control").write_text(
        f"Package: {name}\nVersion: {version}\nArchitecture: all\n"
        "Maintainer: zhiling <zhiling@example.org>\nDescription: test package\n"
    )
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{name}_{version.replace(':', '%3a')}_all.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(tree), str(target)],
        check=True,
        capture_output=True,
    )
    return target


@pytest.fixture
def deb_builder():
    """Return ``build_deb``; skip where dpkg-deb is missing (not a Debian system)."""
    if shutil.which("dpkg-deb") is None:
        pytest.skip("dpkg-deb is not installed")
    return build_deb


@pytest.fixture
def demo_deb(tmp_path, deb_builder):
    """A package with HTML, a man page, a .so alias, a symlink and an unreadable file."""
    tree = tmp_path / "tree"
    doc = tree / "usr/share/doc/demo"
    man = tree / "usr/share/man/man1"
    doc.mkdir(parents=True)
    man.mkdir(parents=True)
    (doc / "copyright").write_text(COPYRIGHT)
    shutil.copy(DATA / "debian_reference_ch01.en.html", doc / "guide.html")
    (doc / "broken.html").write_bytes(b"<p>\xff\xfe not utf-8</p>")
    (doc / "empty.html").write_text("<html><head><title>x</title></head><body></body></html>")
    os.symlink("guide.html", doc / "alias.html")
    (man / "demo.1.gz").write_bytes(gzip.compress((DATA / "gzip.1").read_bytes(), mtime=0))
    (man / "undemo.1.gz").write_bytes(gzip.compress(b".so man1/demo.1\n", mtime=0))
    deb = deb_builder(tree, tmp_path / "cache")
    return deb, hashlib.sha256(deb.read_bytes()).hexdigest()
