"""What a crafted .deb cannot do: write or read outside its folder, or unpack without limit.

The archives are built here with ``tarfile`` (and wrapped into a real ``.deb`` that
``dpkg-deb`` reads), following the attacks found by hand: a symlink chain that
resolves to ``/`` and is then written through, hard links through the same chain,
duplicate members that replace a link, huge members and gzip bombs.
"""

import gzip
import io
import os
import shutil
import tarfile
import time
import zlib
from pathlib import Path

import pytest

from tests.plugins.sources.test_deb import entry as member
from tests.plugins.sources.test_deb import tar_stream
from zhiling import StepError
from zhiling.plugins.sources import _deb, _unpack
from zhiling.plugins.sources.debian_docs import parse_file

WHAT = "package evil (evil_1_all.deb)"


def tar_bytes(*members):
    return tar_stream(*members).getvalue()


needs_dpkg = pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb missing")


def ar_deb(path: Path, data_tar: bytes) -> Path:
    """Write a .deb (an ar archive) whose data.tar.gz is ``data_tar``, as dpkg-deb reads it."""
    control = tar_bytes(
        member("./", tarfile.DIRTYPE),
        member("./control", data=b"Package: evil\nVersion: 1\nArchitecture: all\n"),
    )
    parts = [
        ("debian-binary", b"2.0\n"),
        ("control.tar.gz", gzip.compress(control, mtime=0)),
        ("data.tar.gz", gzip.compress(data_tar, mtime=0)),
    ]
    out = bytearray(b"!<arch>\n")
    for name, data in parts:
        header = f"{name:<16}{0:<12}{0:<6}{0:<6}{100644:<8}{len(data):<10}`\n"
        out += header.encode() + data + (b"\n" if len(data) % 2 else b"")
    path.write_bytes(bytes(out))
    return path


@pytest.fixture
def sandbox(tmp_path):
    """An unpack folder inside a folder whose other contents the attacks aim at."""
    (tmp_path / "secret.txt").write_text("host secret")
    root = tmp_path / "sandbox" / "root"
    root.mkdir(parents=True)
    return root


def outside_untouched(tmp_path):
    names = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    return [n for n in names if not n.startswith("sandbox")] == ["secret.txt"]


def test_writing_through_a_symlink_chain_that_resolves_to_root_is_refused(tmp_path, sandbox):
    """A member under a folder that is a symlink is refused: nothing lands outside."""
    archive = tar_bytes(
        member("./x/", tarfile.DIRTYPE),
        member("./x/l", tarfile.SYMTYPE, ".."),
        member("./x/l/x/l/E", tarfile.SYMTYPE, "../../.."),
        member("./x/l/x/l/E/PWNED.txt", data=b"owned"),
    )
    with pytest.raises(StepError, match=r"evil.*'\./x/l/x/l/E'.*folder 'x/l' is a symlink"):
        _unpack.extract(io.BytesIO(archive), sandbox, WHAT)
    assert outside_untouched(tmp_path)


def test_link_targets_are_normalised_as_text_so_links_cannot_chain_outside(tmp_path, sandbox):
    """``y -> x/l/..`` with ``x/l -> ..`` would be the root's parent; it is written ``y -> x``."""
    archive = tar_bytes(
        member("./x/", tarfile.DIRTYPE),
        member("./x/l", tarfile.SYMTYPE, ".."),
        member("./y", tarfile.SYMTYPE, "x/l/.."),
        member("./z/w", tarfile.SYMTYPE, "../x/l/../../.."),
    )
    with pytest.raises(StepError, match=r"'\./z/w'.*a link pointing outside"):
        _unpack.extract(io.BytesIO(archive), sandbox, WHAT)
    assert os.readlink(sandbox / "y") == "x"
    assert os.path.realpath(sandbox / "y") == os.path.realpath(sandbox / "x")


def test_a_hard_link_through_the_chain_cannot_read_a_host_file(tmp_path, sandbox):
    """A hard link may only name a regular file already unpacked, never a path via a link."""
    archive = tar_bytes(
        member("./x/", tarfile.DIRTYPE),
        member("./x/l", tarfile.SYMTYPE, ".."),
        member("./copy.txt", tarfile.LNKTYPE, "./x/l/x/l/secret.txt"),
    )
    with pytest.raises(StepError, match=r"'\./copy\.txt'.*hard link target.*symlink"):
        _unpack.extract(io.BytesIO(archive), sandbox, WHAT)
    assert not (sandbox / "copy.txt").exists()


@pytest.mark.parametrize(
    "target", ["./missing.txt", "./doc/", "./link.txt", "/etc/passwd", "../../secret.txt"]
)
def test_a_hard_link_to_anything_but_an_unpacked_regular_file_is_refused(sandbox, target):
    """Hard links to absent files, folders, symlinks, host paths and parents are refused."""
    archive = tar_bytes(
        member("./doc/", tarfile.DIRTYPE),
        member("./real.txt", data=b"inside"),
        member("./link.txt", tarfile.SYMTYPE, "real.txt"),
        member("./hard.txt", tarfile.LNKTYPE, target),
    )
    with pytest.raises(StepError, match=r"'\./hard\.txt'"):
        _unpack.extract(io.BytesIO(archive), sandbox, WHAT)


def test_a_duplicate_member_replaces_a_link_instead_of_writing_through_it(sandbox):
    """A file member named like an earlier symlink replaces the link; its target is unchanged."""
    archive = tar_bytes(
        member("./target.txt", data=b"original"),
        member("./alias.txt", tarfile.SYMTYPE, "target.txt"),
        member("./alias.txt", data=b"new"),
    )
    _unpack.extract(io.BytesIO(archive), sandbox, WHAT)
    assert (sandbox / "target.txt").read_bytes() == b"original"
    assert not (sandbox / "alias.txt").is_symlink()
    assert (sandbox / "alias.txt").read_bytes() == b"new"


def test_a_file_member_cannot_replace_a_folder(sandbox):
    """A file named like an unpacked folder is refused instead of failing with a traceback."""
    archive = tar_bytes(member("./doc/", tarfile.DIRTYPE), member("./doc", data=b"x"))
    with pytest.raises(StepError, match=r"'\./doc'.*replace a folder"):
        _unpack.extract(io.BytesIO(archive), sandbox, WHAT)


@needs_dpkg
def test_a_real_deb_with_the_symlink_chain_is_refused_and_leaves_nothing(tmp_path):
    """The attack packed as a real .deb through dpkg-deb: refused, no unpack folder kept."""
    archive = tar_bytes(
        member("./x/", tarfile.DIRTYPE),
        member("./x/l", tarfile.SYMTYPE, ".."),
        member("./x/l/x/l/E", tarfile.SYMTYPE, "../../../../../../../../.."),
        member("./x/l/x/l/E/tmp/PWNED.txt", data=b"owned"),
    )
    deb = ar_deb(tmp_path / "evil_1_all.deb", archive)
    with pytest.raises(StepError, match=r"package evil \(evil_1_all\.deb\).*is a symlink"):
        _deb.unpack(deb, tmp_path / "unpacked" / "evil", "evil")
    assert not (tmp_path / "unpacked" / "evil").exists()
    assert [p.name for p in (tmp_path / "unpacked").iterdir()] == []


def test_a_member_over_the_size_limit_is_refused_before_its_bytes_are_read(sandbox):
    """The member limit is checked on the header: a 2 GiB member is refused, not unpacked."""
    info = tarfile.TarInfo("./big.bin")
    info.size = 2 * 1024**3
    # A header announcing 2 GiB followed by no data at all: reading it would fail.
    stream = io.BytesIO(info.tobuf(format=tarfile.GNU_FORMAT))
    started = time.perf_counter()
    with pytest.raises(StepError, match=r"'\./big\.bin'.*2,147,483,648 bytes.*max_member_mb"):
        _unpack.extract(stream, sandbox, WHAT)
    assert time.perf_counter() - started < 1
    assert not (sandbox / "big.bin").exists()


def test_the_total_unpacked_size_is_capped(sandbox):
    """Many members under the member limit still stop at the package's total limit."""
    archive = tar_bytes(*(member(f"./f{i}.txt", data=b"0" * 1000) for i in range(5)))
    limits = _unpack.Limits(member_bytes=2000, total_bytes=3500)
    with pytest.raises(StepError, match=r"'\./f3\.txt'.*over 3,500 bytes.*max_unpacked_mb"):
        _unpack.extract(io.BytesIO(archive), sandbox, WHAT, limits)


def test_hard_link_copies_count_towards_the_total(sandbox):
    """A hard link is unpacked as a copy, so its bytes count like a file's."""
    archive = tar_bytes(
        member("./a.txt", data=b"0" * 1000),
        *(member(f"./h{i}.txt", tarfile.LNKTYPE, "./a.txt") for i in range(3)),
    )
    with pytest.raises(StepError, match=r"'\./h2\.txt'.*max_unpacked_mb"):
        _unpack.extract(io.BytesIO(archive), sandbox, WHAT, _unpack.Limits(total_bytes=3500))


def gzip_bomb(megabytes: int) -> bytes:
    """Return a small gzip file of ``megabytes`` MiB of zeros, compressed a chunk at a time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    chunk = bytes(1024 * 1024)
    return b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()


def test_a_gzip_man_page_bomb_stops_at_the_man_page_limit():
    """A 100 MiB man page in a ~100 KB gzip is dropped at the limit, never inflated in full."""
    bomb = gzip_bomb(100)
    assert len(bomb) < 200_000
    started = time.perf_counter()
    reason = parse_file("usr/share/man/man1/bomb.1.gz", bomb)
    assert reason == "too_large_decompressed"
    assert time.perf_counter() - started < 2
    assert parse_file("usr/share/man/man1/small.1.gz", gzip_bomb(1), 2 * 1024**2) != reason


def test_the_limits_are_recipe_options_of_debian_docs(tmp_path):
    """The caps are set in the recipe; nonsense values are recipe errors naming the option."""
    from zhiling import RecipeError, Shard
    from zhiling.plugins.sources.debian_docs import DebianDocs

    package = {"name": "demo", "version": "1", "sha256": "0" * 64}
    source = DebianDocs(packages=[package], max_member_mb=1, shard=Shard(0, 1), base_dir=tmp_path)
    assert source.limits.member_bytes == 1024 * 1024
    for bad in (0, -1, True, "8"):
        with pytest.raises(RecipeError, match="max_unpacked_mb"):
            DebianDocs(
                packages=[package], max_unpacked_mb=bad, shard=Shard(0, 1), base_dir=tmp_path
            )


@needs_dpkg
def test_legitimate_packages_unpack_as_before(tmp_path):
    """Links inside the package, absolute links and hard links still unpack as they did."""
    tree = tmp_path / "tree"
    doc = tree / "usr/share/doc/demo"
    doc.mkdir(parents=True)
    (doc / "real.txt").write_text("inside")
    (doc / "rel.txt").symlink_to("real.txt")
    (doc / "abs.txt").symlink_to("/usr/share/doc/demo/real.txt")
    os.link(doc / "real.txt", doc / "hard.txt")
    (tree / "usr/share/doc/other").symlink_to("demo")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        archive.add(tree, arcname=".")
    deb = ar_deb(tmp_path / "demo_1_all.deb", buffer.getvalue())
    root = _deb.unpack(deb, tmp_path / "unpacked" / deb.stem, "demo")
    got = root / "usr/share/doc/demo"
    assert [(got / n).read_text() for n in ("real.txt", "rel.txt", "abs.txt", "hard.txt")] == [
        "inside"
    ] * 4
    assert not (got / "abs.txt").readlink().is_absolute()
    assert (root / "usr/share/doc/other/real.txt").read_text() == "inside"


def test_every_member_of_a_multi_member_gzip_man_page_is_read_within_one_limit():
    """Two gzip members joined are one page (as gzip reads them), counted against one limit."""
    halves = [b".TH DEMO 1\n.SH NAME\ndemo \\- a demo\n", b".SH DESCRIPTION\nIt demos.\n"]
    joined = b"".join(gzip.compress(half, mtime=0) for half in halves)
    parts, _ = parse_file("usr/share/man/man1/demo.1.gz", joined)
    assert "It demos." in " ".join(part.text for part in parts)
    too_small = len(halves[0]) + 5
    assert parse_file("usr/share/man/man1/demo.1.gz", joined, too_small) == "too_large_decompressed"
