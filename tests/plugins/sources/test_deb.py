import io
import os
import tarfile

import pytest

from zhiling import StepError
from zhiling.plugins.sources import _deb, _unpack


def tar_stream(*members):
    """Return a tar archive holding ``members`` (TarInfo, bytes or None) as a stream."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for info, data in members:
            if data is not None:
                info.size = len(data)
            archive.addfile(info, io.BytesIO(data) if data is not None else None)
    buffer.seek(0)
    return buffer


def entry(name, kind=tarfile.REGTYPE, link="", data=b"x"):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    return info, (data if kind == tarfile.REGTYPE else None)


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        (entry("./usr/../../evil"), "a path leading outside"),
        (entry("/etc/evil"), "absolute path"),
        (entry("./usr/link", tarfile.SYMTYPE, "../../outside"), "a link pointing outside"),
        (entry("./usr/hard", tarfile.LNKTYPE, "../../etc/passwd"), "a path leading outside"),
    ],
)
def test_members_that_would_escape_are_refused(tmp_path, member, reason):
    root = tmp_path / "root"
    root.mkdir()
    stream = tar_stream(entry("./usr/", tarfile.DIRTYPE), member)
    with pytest.raises(StepError, match=f"package demo: refused archive member .*{reason}"):
        _unpack.extract(stream, root, "package demo")
    assert not (tmp_path / "evil").exists()
    assert not (tmp_path / "outside").exists()


def test_absolute_links_are_rerooted_inside_the_unpack_folder(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    stream = tar_stream(
        entry("./usr/share/doc/demo/real.txt", data=b"inside"),
        entry("./usr/share/doc/demo/link.txt", tarfile.SYMTYPE, "/usr/share/doc/demo/real.txt"),
        entry("./usr/share/doc/demo/hard.txt", tarfile.LNKTYPE, "./usr/share/doc/demo/real.txt"),
    )
    _unpack.extract(stream, root, "package demo")
    link = root / "usr/share/doc/demo/link.txt"
    assert link.is_symlink()
    assert not link.readlink().is_absolute()
    assert link.read_text() == "inside"
    assert (root / "usr/share/doc/demo/hard.txt").read_text() == "inside"


def test_a_real_package_with_an_escaping_link_is_refused(tmp_path, deb_builder):
    tree = tmp_path / "tree"
    (tree / "usr/share/doc/evil").mkdir(parents=True)
    (tree / "usr/share/doc/evil/passwd").symlink_to("../../../../../../etc/passwd")
    deb = deb_builder(tree, tmp_path / "cache", name="evil")
    with pytest.raises(StepError, match=r"evil.*'\./usr/share/doc/evil/passwd'.*outside"):
        _deb.unpack(deb, tmp_path / "unpacked", "evil")
    assert not (tmp_path / "unpacked").exists()


def test_checksum_mismatch_names_the_package_and_both_hashes(demo_deb):
    deb, real = demo_deb
    wrong = "0" * 64
    with pytest.raises(StepError) as caught:
        _deb.verify(deb, "demo", wrong)
    assert "package demo" in str(caught.value)
    assert wrong in str(caught.value)
    assert real in str(caught.value)
    _deb.verify(deb, "demo", real.upper())


def test_unpack_is_done_once_and_keeps_files(demo_deb, tmp_path):
    deb, _ = demo_deb
    target = _deb.unpack(deb, tmp_path / "unpacked" / deb.stem, "demo")
    assert (target / "usr/share/doc/demo/guide.html").is_file()
    assert (target / "usr/share/doc/demo/alias.html").is_symlink()
    assert _deb.unpack(deb, target, "demo") == target
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".")]


def test_cache_lookup_uses_apt_file_names(tmp_path):
    (tmp_path / "lo_4%3a7.4-1_all.deb").write_bytes(b"")
    assert _deb.deb_path(tmp_path, "lo", "4:7.4-1").name == "lo_4%3a7.4-1_all.deb"
    assert _deb.deb_path(tmp_path, "lo", "4:7.5-1") is None


@pytest.fixture
def fake_apt(tmp_path, monkeypatch):
    """Put an ``apt-get`` on PATH that writes half a .deb, then finishes or fails as told."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "apt-get"
    script.write_text(
        "#!/bin/sh\n"
        "printf half > demo_1.0_all.deb\n"
        'if [ "$FAKE_APT" = fail ]; then echo "E: connection reset" >&2; exit 100; fi\n'
        "printf -- '-whole' >> demo_1.0_all.deb\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    cache = tmp_path / "cache"
    return cache


def test_a_download_appears_in_the_cache_only_when_complete(fake_apt):
    fetched = _deb.fetch(fake_apt, "demo", "1.0")
    assert fetched == fake_apt / "demo_1.0_all.deb"
    assert fetched.read_bytes() == b"half-whole"
    assert sorted(p.name for p in fake_apt.iterdir()) == [".lock", "demo_1.0_all.deb"]


def test_a_failed_download_leaves_nothing_a_later_run_would_trust(fake_apt, monkeypatch):
    monkeypatch.setenv("FAKE_APT", "fail")
    with pytest.raises(StepError, match=r"demo=1.0 could not be downloaded.*connection reset"):
        _deb.fetch(fake_apt, "demo", "1.0")
    assert _deb.deb_path(fake_apt, "demo", "1.0") is None
    assert [p.name for p in fake_apt.iterdir()] == [".lock"]
