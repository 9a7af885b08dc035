"""A seeded zh/en how-to corpus in JSON Lines, with near-duplicates of known documents."""

from __future__ import annotations

import json
import random
from pathlib import Path

EN_GOALS = ["list", "remove", "install", "upgrade", "hold", "inspect", "purge", "verify"]
EN_THINGS = ["packages", "kernels", "fonts", "services", "printers", "users", "logs", "keys"]
ZH_GOALS = ["列出", "删除", "安装", "升级", "保留", "检查", "清除", "验证"]
ZH_THINGS = ["软件包", "内核", "字体", "服务", "打印机", "用户", "日志", "密钥"]
TOOLS = ["apt", "dpkg", "systemctl", "journalctl", "gpg", "lpadmin", "usermod", "fc-list"]


def _sentence(rng: random.Random, lang: str, n: int) -> str:
    tool, flag = rng.choice(TOOLS), f"--{rng.choice(EN_GOALS)}-{n}"
    if lang == "zh":
        goal = f"{rng.choice(ZH_GOALS)}第{n}组{rng.choice(ZH_THINGS)}"
        return f"要{goal}，请运行 {tool} {flag} 命令并检查输出。"
    goal = f"{rng.choice(EN_GOALS)} the {rng.choice(EN_THINGS)} of group {n}"
    return f"To {goal}, run {tool} {flag} and read what it prints."


def _variant(rng: random.Random, text: str) -> str:
    """Return a near-duplicate: other punctuation and spacing, or one sentence dropped."""
    if rng.random() < 0.5:
        return text.replace("，", ",").replace(" the ", "  the ")
    sentences = text.split("\n")
    return "\n".join(sentences[:-1] or sentences)


def write_corpus(path: Path, documents: int, *, seed: int = 7, duplicates: float = 0.1) -> Path:
    """Write ``documents`` lines to ``path``; about ``duplicates`` of them are near-copies."""
    rng = random.Random(seed)
    texts: list[tuple[str, str]] = []
    with path.open("w", encoding="utf-8") as out:
        for number in range(documents):
            if texts and rng.random() < duplicates:
                lang, original = rng.choice(texts)
                text = _variant(rng, original)
            else:
                lang = rng.choice(["zh", "en"])
                text = "\n".join(_sentence(rng, lang, rng.randrange(10**6)) for _ in range(3))
                texts.append((lang, text))
            line = {"id": f"doc-{number:06d}", "text": text, "lang": lang, "license": "CC0-1.0"}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path
