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
