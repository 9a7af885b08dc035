from pathlib import Path

import pytest

from zhiling.plugins.sources._copyright import read_licence, to_spdx

DATA = Path(__file__).parents[2] / "data" / "debian"


@pytest.mark.parametrize(
    ("short", "spdx"),
    [
        ("GPL-2+", "GPL-2.0-or-later"),
        ("GPL-2", "GPL-2.0-only"),
        ("GPL-2.0+", "GPL-2.0-or-later"),
        ("GPL-3+", "GPL-3.0-or-later"),
        ("GFDL-1.2+", "GFDL-1.2-or-later"),
        ("GFDL-NIV-1.3+", "GFDL-1.3-no-invariants-or-later"),
        ("GFDL-1.3+-no-invariant", "GFDL-1.3-no-invariants-or-later"),
        ("LGPL-2.1+", "LGPL-2.1-or-later"),
        ("MPL-2.0", "MPL-2.0"),
        ("Expat", "MIT"),
        ("BSD-3-clause", "BSD-3-Clause"),
        ("BSD-4-clause", "BSD-4-Clause"),
        ("GPL-3+ and BSD-4-clause-UC", "GPL-3.0-or-later AND LicenseRef-BSD-4-clause-UC"),
        ("CC0-1.0 or BSD-2-Clause", "CC0-1.0 OR BSD-2-Clause"),
    ],
)
def test_debian_short_names_become_spdx(short, spdx):
    assert to_spdx(short) == spdx


def test_dep5_last_matching_stanza_wins_for_a_named_man_page():
    text = (DATA / "gzip.copyright").read_text(encoding="utf-8")
    page = read_licence(text, "usr/share/man/man1/gzip.1.gz", "gzip")
    assert page.spdx == "LicenseRef-FSF-manpages"
    assert "Permission is granted to make and distribute verbatim copies" in page.notice
    other = read_licence(text, "usr/share/man/man1/zdiff.1.gz", "gzip")
    assert other == read_licence(text, "usr/share/doc/gzip/changelog.gz", "gzip")
    readme = read_licence(text, "usr/share/doc/gzip/README", "gzip")
    assert readme.spdx == "GFDL-1.3-no-invariants-or-later"
    assert other.spdx == "GPL-3.0-or-later"
    assert other.notice == ""


def test_free_form_copyright_becomes_a_licence_ref_keeping_the_notice():
    text = (DATA / "debian-faq.copyright").read_text(encoding="utf-8")
    found = read_licence(text, "usr/share/doc/debian/FAQ/index.en.html", "debian-faq")
    assert found.spdx == "LicenseRef-debian-faq"
    assert "a permission notice identical to this one" in found.notice


STANZAS = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/

Files: *
License: GPL-2+

Files: man3/* man?/lone.?
License: MIT

Files: man3/printf.3 */zh_CN/*
License: GPL-3+

Files: debian/* kicad/* doc/* Lib/weird\\*.txt
License: BSD-3-Clause

Files: debian/foo.1 find/find.1 wizards/access2base.html
License: ISC
"""


@pytest.mark.parametrize(
    ("path", "spdx"),
    [
        # a wildcard pattern matches a trailing part of the path, compression dropped
        ("usr/share/man/man3/getline.3.gz", "MIT"),
        ("usr/share/man/man5/lone.5.gz", "MIT"),  # ? is one character
        ("usr/share/man/man5/lone.55.gz", "GPL-2.0-or-later"),
        # the last matching stanza wins, whichever of them has wildcards
        ("usr/share/man/man3/printf.3.gz", "GPL-3.0-or-later"),
        ("usr/share/man/zh_CN/man3/getline.3.gz", "GPL-3.0-or-later"),  # * spans '/'
        ("usr/share/man/zh_TW/man3/getline.3.gz", "MIT"),
        # a part must start at a '/': man3/* is not a suffix of xman3/...
        ("usr/share/xman3/page.html", "GPL-2.0-or-later"),
        # debian/* names the packaging; an installed debian/ directory is something else
        ("usr/share/doc/debian/FAQ/index.en.html", "GPL-2.0-or-later"),
        ("usr/lib/python3/dist-packages/debian/deb822.py", "GPL-2.0-or-later"),
        # usr/share/doc/<pkg>/ is where dpkg installs, not the upstream doc/ or kicad/ tree
        ("usr/share/doc/kicad/help/en/pcbnew.html", "GPL-2.0-or-later"),
        ("usr/share/kicad/doc/notes.txt", "BSD-3-Clause"),
        # a named man page matches wherever it is installed, even one under debian/
        ("usr/share/man/man1/find.1.gz", "ISC"),
        ("usr/share/man/man1/foo.1.gz", "ISC"),
        # other named files need their directory: this help page is not the wizard's file
        ("usr/share/libreoffice/help/text/access2base.html", "GPL-2.0-or-later"),
        ("usr/lib/libreoffice/wizards/access2base.html", "ISC"),
        # a backslash makes * literal
        ("usr/lib/python3/Lib/weird*.txt", "BSD-3-Clause"),
        ("usr/lib/python3/Lib/weirdo.txt", "GPL-2.0-or-later"),
    ],
)
def test_dep5_patterns_match_installed_paths(path, spdx):
    assert read_licence(STANZAS, path, "demo").spdx == spdx
