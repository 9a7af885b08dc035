"""Training throughput of a ~100M-parameter model built from a config, on a zhiling release.

    python benchmarks/train_gpu.py [RELEASE] [--steps 300] [--batch 16] [--seq 2048]

Without RELEASE it builds the quickstart release in a temporary folder. The
model is a Qwen2-style decoder built from a config (nothing is downloaded)
with a byte-level BPE tokenizer learned from the release. Conversations are
rendered with the chat template and packed into fixed-length rows, so every
step sees the same number of tokens; a small release is simply repeated,
which is fine for measuring speed and says nothing about quality.

Printed: tokens/s, mean step time, peak GPU memory and model FLOPs
utilisation, MFU = 6 · N · tokens/s ÷ peak dense bf16 FLOP/s of the GPU,
where N counts every parameter once (the tied embedding is the LM head's
matmul; the lookup is free) and attention's score FLOPs are left out, as in
the usual 6N approximation. Without a CUDA GPU it says so and exits 0;
``--allow-cpu --size tiny`` runs the same loop on the CPU for a smoke figure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Peak dense bf16 tensor FLOP/s (no sparsity), from the vendors' data sheets.
PEAK_BF16 = {"H200": 989e12, "H100": 989e12, "A100": 312e12}
SIZES = {
    # About 110 M parameters with the 32k vocabulary.
    "100m": dict(hidden_size=768, intermediate_size=2048, num_hidden_layers=12,
                 num_attention_heads=12, num_key_value_heads=4, vocab_size=32_000),
    "tiny": dict(hidden_size=192, intermediate_size=512, num_hidden_layers=4,
                 num_attention_heads=4, num_key_value_heads=2, vocab_size=2048),
}  # fmt: skip


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release", nargs="?", type=Path, help="default: build quickstart")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=10, help="steps left out of the timing")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--seq", type=int, default=2048)
    parser.add_argument("--size", choices=SIZES, default="100m")
    parser.add_argument("--allow-cpu", action="store_true", help="run on the CPU (smoke test)")
    parser.add_argument("--compile", action="store_true", help="torch.compile the model")
    return parser.parse_args()


def quickstart_release(workdir: Path) -> Path:
    import os

    from zhiling.run import run_recipe

    recipe = (ROOT / "recipes" / "quickstart.yaml").read_text(encoding="utf-8")
    recipe = recipe.replace("../tests/data", str(ROOT / "tests" / "data"))
    (workdir / "quickstart.yaml").write_text(recipe, encoding="utf-8")
    here = os.getcwd()
    os.chdir(workdir)  # the recipe's target writes releases/ into the working directory
    try:
        return workdir / run_recipe(workdir / "quickstart.yaml").destinations[0]
    finally:
        os.chdir(here)


def packed_rows(release: Path, seq: int, vocab: int) -> tuple[object, object]:
    """Return a tokenizer learned from the release and its chats packed into rows of ``seq``."""
    import torch

    from zhiling.plugins.trainers._data import read_split
    from zhiling.plugins.trainers._scratch import train_tokenizer

    rows = read_split(release, "train")
    texts = [m["content"] for row in rows for m in row["messages"]]
    tokenizer = train_tokenizer(texts, vocab)
    stream: list[int] = []
    for row in rows:
        stream += tokenizer.apply_chat_template(row["messages"], tokenize=True, return_dict=True)[
            "input_ids"
        ]
    while len(stream) < seq + 1:
        stream += stream
    usable = (len(stream) // seq) * seq
    return tokenizer, torch.tensor(stream[:usable]).view(-1, seq)


def peak_flops(device_name: str) -> float | None:
    return next((flops for key, flops in PEAK_BF16.items() if key in device_name), None)


def main() -> int:
    args = parse()
    import torch

    cuda = torch.cuda.is_available()
    if not cuda and not args.allow_cpu:
        print("train_gpu: no CUDA GPU found; nothing measured (use --allow-cpu for a smoke run).")
        return 0
    from transformers import AutoModelForCausalLM, Qwen2Config

    torch.manual_seed(0)
    device = torch.device("cuda" if cuda else "cpu")
    with tempfile.TemporaryDirectory(prefix="zhiling-bench-") as scratch:
        release = args.release.resolve() if args.release else quickstart_release(Path(scratch))
        tokenizer, rows = packed_rows(release, args.seq, SIZES[args.size]["vocab_size"])
    sizes = dict(SIZES[args.size])
    sizes["vocab_size"] = max(sizes["vocab_size"], len(tokenizer))
    config = Qwen2Config(**sizes, max_position_embeddings=args.seq, tie_word_embeddings=True)
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32).to(device)
    model.train()
    step_fn = torch.compile(model) if args.compile else model
    parameters = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, fused=cuda)
    generator = torch.Generator().manual_seed(0)
    times: list[float] = []
    for step in range(args.steps + args.warmup):
        batch = rows[torch.randint(len(rows), (args.batch,), generator=generator)].to(device)
        started = time.perf_counter()
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=cuda):
            loss = step_fn(input_ids=batch, labels=batch).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        if cuda:
            torch.cuda.synchronize()
        if step >= args.warmup:
            times.append(time.perf_counter() - started)
    report(args, device, parameters, times, loss.item())
    return 0


def report(args, device, parameters: int, times: list[float], loss: float) -> None:
    import torch

    step_time = sum(times) / len(times)
    tokens_per_s = args.batch * args.seq / step_time
    name = torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu"
    print(f"device: {name}; model: {parameters / 1e6:.1f} M parameters ({args.size})")
    print(f"batch {args.batch} x {args.seq} tokens, {len(times)} timed steps, last loss {loss:.3f}")
    print(f"step time: {step_time * 1000:.1f} ms; throughput: {tokens_per_s:,.0f} tokens/s")
    if device.type == "cuda":
        print(f"peak GPU memory: {torch.cuda.max_memory_allocated() / 2**30:.2f} GiB")
        peak = peak_flops(name)
        if peak:
            mfu = 6 * parameters * tokens_per_s / peak
            print(
                f"MFU = 6 * N * tokens/s / peak bf16 FLOP/s ({peak / 1e12:.0f} TFLOP/s) = {mfu:.1%}"
            )
        else:
            print(f"MFU: peak bf16 FLOP/s of {name!r} is not in PEAK_BF16; not computed")


if __name__ == "__main__":
    sys.exit(main())
