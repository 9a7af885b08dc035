"""Read the documentation inside pinned Debian packages as structured documents.

Each package is named with its exact version and the SHA-256 of its ``.deb``,
so a rebuild reads the same bytes or stops: ``apt-get download`` fetches
whatever is current, and security updates change it. Packages are unpacked,
never installed; HTML help and man pages become documents with blocks, and
each document carries ``package@version:path`` and the licence that the
package's copyright file gives for that path.
"""

from __future__ import annotations

import fnmatch
import logging
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import regex

from zhiling import RecipeError, Record, Shard, document_id, hookimpl
from zhiling.plugins.sources import _deb
from zhiling.plugins.sources._copyright import read_licence
from zhiling.plugins.sources._doc import BROKEN, to_document
from zhiling.plugins.sources._html_blocks import parse_html
from zhiling.plugins.sources._troff import parse_man, so_target
from zhiling.plugins.sources._unpack import MIB, Limits

logger = logging.getLogger(__name__)
PACKAGE_KEYS = {"name", "version", "sha256", "include", "exclude", "lang", "license"}
MAN_PAGE = regex.compile(r"(?:^|/)man/(?:[^/]+/)?man\w+/[^/]+\.\w+(?:\.gz)?$")
SHA256 = regex.compile(r"^[0-9a-fA-F]{64}$")


def parse_file(
    path: str, data: bytes, max_bytes: int = Limits.man_page_bytes
) -> tuple[list, str] | str:
    """Return ``(parts, title)`` for a supported file, or a drop reason."""
    if path.endswith(".gz"):
        inflated = _gunzip(data, max_bytes)
        if inflated is None:
            return "too_large_decompressed"
        data = inflated
    text = data.decode("utf-8")
    if path.endswith((".html", ".htm", ".xhtml")):
        return parse_html(text)
    if MAN_PAGE.search(path):
        return "man_page_alias" if so_target(text) else parse_man(text)
    return "unsupported_format"


def _gunzip(data: bytes, max_bytes: int) -> bytes | None:
    """Return ``data`` decompressed, or None past ``max_bytes``: a tiny bomb inflates to GBs.

    Every gzip member is read, as ``gzip.decompress`` does, all against one limit.
    """
    out = b""
    while data:
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        out += inflater.decompress(data, max_bytes + 1 - len(out))
        if len(out) > max_bytes:
            return None
        if not inflater.eof:
            raise EOFError("compressed file ended before the end-of-stream marker was reached")
        data = inflater.unused_data
    return out


def _megabytes(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise RecipeError(f"{name!r} must be a positive whole number of MiB, got {value!r}")
    return value * MIB


class DebianDocs:
    """Yield every documentation file the recipe selects from pinned Debian packages."""

    def __init__(
        self,
        *,
        packages: list[dict[str, Any]],
        cache_dir: str | None = None,
        download: bool = True,
        max_member_mb: int = Limits.member_bytes // MIB,
        max_unpacked_mb: int = Limits.total_bytes // MIB,
        max_man_page_mb: int = Limits.man_page_bytes // MIB,
        shard: Shard,
        base_dir: Path,
    ) -> None:
        if not isinstance(packages, list) or not packages:
            raise RecipeError("'packages' must be a non-empty list of {name, version, sha256}")
        self.packages = [_checked(entry) for entry in packages]
        cache = Path(cache_dir).expanduser() if cache_dir else _deb.default_cache()
        self.cache = cache if cache.is_absolute() else base_dir / cache
        self.download = download
        self.limits = Limits(
            member_bytes=_megabytes("max_member_mb", max_member_mb),
            total_bytes=_megabytes("max_unpacked_mb", max_unpacked_mb),
            man_page_bytes=_megabytes("max_man_page_mb", max_man_page_mb),
        )
        self.shard = shard

    def inputs(self) -> list[Path]:
        return [self._deb(package) for package in self.packages]

    def input_name(self, path: Path) -> str:
        """Name a package by its file, ``NAME_VERSION_ARCH.deb``: the cache may be anywhere."""
        return path.name

    def _deb(self, package: dict[str, Any]) -> Path:
        name, version = package["name"], package["version"]
        if self.download:
            found: Path | None = _deb.fetch(self.cache, name, version)
        else:
            found = _deb.deb_path(self.cache, name, version)
        if found is None:
            raise RecipeError(f"package {name}={version} is not in {self.cache} (download: false)")
        _deb.verify(found, name, package["sha256"])
        return found

    def __iter__(self) -> Iterator[Record]:
        position = 0
        for package in self.packages:
            deb = self._deb(package)
            root = _deb.unpack(
                deb, self.cache / "unpacked" / deb.stem, package["name"], self.limits
            )
            copyright_file = root / "usr/share/doc" / package["name"] / "copyright"
            notice = copyright_file.read_text("utf-8") if copyright_file.is_file() else ""
            for relative in _selected(root, package):
                if self.shard.owns(position):
                    yield self._read(package, root, f"{deb.name}/{relative}", notice)
                position += 1

    def _read(self, package: dict[str, Any], root: Path, uri: str, notice: str) -> Record:
        """Read the file ``uri`` names: the package file's name, then the path inside it."""
        relative = uri.split("/", 1)[1]
        if (root / relative).is_symlink():  # an alias of a file that is read under its own name
            return Record(id=document_id(uri, ""), meta={"source": uri}, drop_reason="symlink")
        try:
            parsed = parse_file(
                relative, (root / relative).read_bytes(), self.limits.man_page_bytes
            )
        except BROKEN as exc:
            logger.warning("%s: cannot parse: %s: %s", uri, type(exc).__name__, exc)
            parsed = "not_utf8" if isinstance(exc, UnicodeDecodeError) else "unparsable"
        licence = read_licence(notice, relative, package["name"]) if notice else None
        spdx = package.get("license") or (licence.spdx if licence else "")
        meta = {"license": spdx, "package": package["name"], "version": package["version"]}
        if licence and licence.notice and spdx.startswith("LicenseRef-"):
            meta["license_notice"] = licence.notice
        return to_document(uri, parsed, meta, package.get("lang"))


def _selected(root: Path, package: dict[str, Any]) -> list[str]:
    found = []
    for path in root.rglob("*"):
        relative = path.relative_to(root).as_posix()
        if not path.is_symlink() and not path.is_file():
            continue
        if any(fnmatch.fnmatchcase(relative, g) for g in package["include"]) and not any(
            fnmatch.fnmatchcase(relative, g) for g in package.get("exclude", [])
        ):
            found.append(relative)
    return sorted(found)


def _checked(entry: object) -> dict[str, Any]:
    if not isinstance(entry, dict) or not {"name", "version", "sha256"} <= set(entry):
        raise RecipeError(f"each package needs name, version and sha256, got {entry!r}")
    unknown = set(entry) - PACKAGE_KEYS
    if unknown:
        raise RecipeError(
            f"package {entry['name']!r}: unknown key(s) {sorted(unknown)} "
            f"(known: {', '.join(sorted(PACKAGE_KEYS))})"
        )
    if not SHA256.match(str(entry["sha256"])):
        raise RecipeError(f"package {entry['name']!r}: sha256 must be 64 hex digits")
    include = entry.get("include", ["usr/share/doc/*.html", "usr/share/man/*"])
    if isinstance(include, str) or not include:
        raise RecipeError(f"package {entry['name']!r}: 'include' must be a list of globs")
    return {**entry, "version": str(entry["version"]), "include": list(include)}


@hookimpl
def register_sources(register):
    register("debian-docs", DebianDocs)
