import runpy
from pathlib import Path

import pytest

from zhiling import RecipeError
from zhiling.plugins.audits._pii_patterns import TYPES, Detector, luhn, valid_cn_id
from zhiling.plugins.audits.pii import DEFAULT_IP_IGNORE, PiiAudit, register_audits

CASES = runpy.run_path(str(Path(__file__).parents[3] / "benchmarks" / "pii_cases.py"))


def test_labelled_set_precision_and_recall_per_type():
    items = CASES["cases"](seed=7, per_type=300, negatives=1500)
    scores = CASES["score"](Detector(TYPES, DEFAULT_IP_IGNORE).find, items)
    for kind in TYPES:
        assert scores[kind]["expected"] == 300
        assert scores[kind]["recall"] >= 0.99, (kind, scores[kind])
        assert scores[kind]["precision"] >= 0.97, (kind, scores[kind])


def test_resident_id_needs_checksum_and_a_real_birth_date():
    assert valid_cn_id("11010519491231002X")
    assert not valid_cn_id("110105194912310021")  # wrong check digit
    assert not valid_cn_id("110105194913310027")  # month 13
    assert luhn("4111111111111111")
    assert not luhn("4111111111111112")


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("电话：１３８ ００１３ ８０００。", "phone", "１３８ ００１３ ８０００"),
        ("call +86-138-0013-8000 now", "phone", "+86-138-0013-8000"),
        ("座机（０１０）６２３４ ５６７８", "phone", "（０１０）６２３４ ５６７８"),
        (
            "身份证号１１０１０５１９４９１２３１００２Ｘ",
            "cn_id",
            "１１０１０５１９４９１２３１００２Ｘ",
        ),
        ("卡号 4111-1111-1111-1111，", "bank_card", "4111-1111-1111-1111"),
        ("地址：2606:4700::1111", "ip", "2606:4700::1111"),
        (
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
            "secret",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        ),
        ("clone https://bot:t0ken@git.example.com/x", "url_credentials", "bot:t0ken"),
        ("邮箱ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ。", "email", "ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ"),
    ],
)
def test_full_width_and_separated_values_are_found_at_their_original_span(text, kind, value):
    (match,) = Detector(TYPES, DEFAULT_IP_IGNORE).find(text)
    assert (match.type, text[match.start : match.end]) == (kind, value)


def test_ignored_ranges_are_an_option():
    text = "hosts 192.168.1.10 and 203.0.113.7"
    assert Detector(TYPES, DEFAULT_IP_IGNORE).find(text) == []
    assert [m.value for m in Detector(TYPES, ()).find(text)] == ["192.168.1.10", "203.0.113.7"]


def record(**fields):
    base = {
        "id": "r1",
        "instruction": "如何联系张三？",
        "input": "",
        "output": "写信给 zhang@example.com 或致电 138 0013 8000；抄送 zhang@example.com。",
        "lang": "zh",
        "license": "CC0-1.0",
        "source": {"doc_id": "d1", "uri": "a.txt", "spans": [[3, 40]]},
        "pattern": {"name": "p", "version": "1"},
    }
    return base | fields


def test_redaction_numbers_values_and_keeps_every_other_character():
    audit = PiiAudit(mode="redact")
    original = record()
    redacted = audit.apply(original)
    assert redacted["output"] == "写信给 <EMAIL_1> 或致电 <PHONE_1>；抄送 <EMAIL_1>。"
    assert original["output"].startswith("写信给 zhang@")  # the input record is not changed
    # Every character outside the matches is unchanged, in order.
    matches = Detector(TYPES, DEFAULT_IP_IGNORE).find(original["output"])
    kept, last = [], 0
    for match in matches:
        kept.append(original["output"][last : match.start])
        last = match.end
    kept.append(original["output"][last:])
    rebuilt = redacted["output"]
    for piece, placeholder in zip(kept, ["<EMAIL_1>", "<PHONE_1>", "<EMAIL_1>", ""], strict=True):
        assert rebuilt.startswith(piece)
        rebuilt = rebuilt[len(piece) :]
        assert rebuilt.startswith(placeholder)
        rebuilt = rebuilt[len(placeholder) :]
    assert rebuilt == ""
    untouched = {k: v for k, v in original.items() if k != "output"}
    assert {k: v for k, v in redacted.items() if k != "output"} == untouched
    audit.observe(redacted)
    report = audit.report()
    assert report["remaining"] == 0
    assert report["by_type"]["email"] == {
        "mode": "redact",
        "found": 2,
        "redacted": 2,
        "dropped_records": 0,
        "remaining": 0,
    }


def test_redaction_reaches_chat_messages_with_the_same_numbers():
    messages = [
        {"role": "user", "content": "my mail is a@example.com"},
        {"role": "assistant", "content": "noted: a@example.com and b@example.com"},
    ]
    redacted = PiiAudit(mode="redact", fields=["messages"]).apply(record(messages=messages))
    assert [m["content"] for m in redacted["messages"]] == [
        "my mail is <EMAIL_1>",
        "noted: <EMAIL_1> and <EMAIL_2>",
    ]
    assert messages[0]["content"] == "my mail is a@example.com"


def test_drop_mode_gives_a_typed_reason_and_report_mode_counts_what_remains():
    audit = PiiAudit(modes={"phone": "drop"})
    assert audit.apply(record()) == "contains_pii_phone"
    kept = audit.apply(record(output="mail zhang@example.com"))
    audit.observe(kept)
    report = audit.report()
    assert report["dropped_records"] == 1
    assert report["by_type"]["email"]["remaining"] == 1
    assert report["remaining"] == 1
    assert report["sample_ids"] == ["r1"]


def test_bad_options_are_recipe_errors():
    with pytest.raises(RecipeError, match="'passport'"):
        PiiAudit(modes={"passport": "drop"})
    with pytest.raises(RecipeError, match="'erase'"):
        PiiAudit(mode="erase")
    with pytest.raises(RecipeError, match="ip_ignore"):
        PiiAudit(ip_ignore=["office"])


def test_registers_its_recipe_name():
    registered = {}
    register_audits(register=registered.__setitem__)
    assert registered == {"pii": PiiAudit}


# Passages of the Debian documentation whose numbers and addresses debian-instruct 1.0.0
# replaced with placeholders although they identify nobody.
@pytest.mark.parametrize(
    "text",
    [
        "如何打开「6.3.4.5. 配置逻辑卷管理(LVM)」？",
        "图 4.10. 验证分区4.2.13.2. 手动分区",
        "It can be calculated as follows, (IEEE 802.1Q-2014 Section 8.6.8.2 item g)",
        "mask说明可以是网络掩码或清楚的数字，因此，mask 值为24等于255.255.255.0。",
        "interfaces = eth0 192.168.2.10/24 192.168.3.10/255.255.255.0",
        "取值范围从 -922337203685477.5808 到 +922337203685477.5807。",
        "The values range from -922337203685477.5808 to +922337203685477.5807.",
        'Send an e-mail to request@bugs.debian.org with "help" in the body.',
        "请发送邮件到 debian-user@lists.debian.org。",
        "Send e-mail to xyz@packages.debian.org.",
        "[7] Use the control@bugs.debian.org address for that.",
        "Use `ssh -t user@host.dom passwd`.",
        "git config --global user.email yourname@example.com",
        "services and targets can use the modprobe@module.service to load kernel modules",
        "or in GIT at: git@salsa.debian.org:ddp-team/debian-faq.git",
    ],
)
def test_documentation_numbers_and_role_addresses_are_no_pii(text):
    assert Detector(TYPES, DEFAULT_IP_IGNORE).find(text) == []


def test_a_persons_address_in_the_same_documentation_still_is():
    text = "Maintainer: Santiago Vila <sanvila@debian.org>; write to debian-user@lists.debian.org"
    assert [(m.type, m.value) for m in Detector().find(text)] == [("email", "sanvila@debian.org")]
    assert [m.type for m in Detector().find("Connect to 213.244.11.247. Then log in.")] == ["ip"]
