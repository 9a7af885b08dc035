"""A large, highly compressible member is unpacked in small chunks at the default limits.

The size caps refuse what is too big from its header; what is under them must
still never be held in memory whole. The .deb is assembled here (``ar`` around
a gzip tar streamed from a generator) so no 64 MiB buffer exists on either side.
"""

import gzip
import io
import shutil
import tarfile
import time
import tracemalloc

import pytest

from zhiling.plugins.sources import _deb

MIB = 1024 * 1024


class Zeros(io.RawIOBase):
    """A readable stream of ``size`` zero bytes that never holds them all at once."""

    def __init__(self, size):
        self.left = size

    def readable(self):
        return True

    def readinto(self, buffer):
        count = min(len(buffer), self.left)
        buffer[:count] = bytes(count)
        self.left -= count
        return count


def gzip_tar(name, data, size):
    buffer = io.BytesIO()
    with (
        gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=1, mtime=0) as packed,
        tarfile.open(fileobj=packed, mode="w", format=tarfile.GNU_FORMAT) as archive,
    ):
        info = tarfile.TarInfo(name)
        info.size = size
        archive.addfile(info, data)
    return buffer.getvalue()


def ar_member(name, data):
    header = f"{name:<16}{0:<12}{0:<6}{0:<6}{100644:<8}{len(data):<10}`\n".encode()
    return header + data + (b"\n" if len(data) % 2 else b"")


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb")
def test_a_64_mib_member_streams_to_disk_in_bounded_memory_at_the_default_limits(tmp_path):
    """Refused: holding a whole member in memory; 64 MiB of zeros unpack with a small peak."""
    size = 64 * MIB
    control = b"Package: zeros\nVersion: 1.0\nArchitecture: all\nDescription: x\n"
    deb = tmp_path / "zeros_1.0_all.deb"
    deb.write_bytes(
        b"!<arch>\n"
        + ar_member("debian-binary", b"2.0\n")
        + ar_member("control.tar.gz", gzip_tar("./control", io.BytesIO(control), len(control)))
        + ar_member("data.tar.gz", gzip_tar("./zeros", Zeros(size), size))
    )
    assert deb.stat().st_size < MIB
    tracemalloc.start()
    started = time.monotonic()
    try:
        target = _deb.unpack(deb, tmp_path / "unpacked" / deb.stem, "zeros")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 15
    assert (target / "zeros").stat().st_size == size
    assert peak < 8 * MIB
