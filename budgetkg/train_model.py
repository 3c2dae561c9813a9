"""Train the shipped intent embedding model from the templates' examples and generated paraphrases.

usage: python -m budgetkg.train_model [--out DIR] [--dim 64] [--epochs 40]
Writes queries/training/paraphrases.jsonl (the training data) and a sentence-transformers model made of
one `StaticEmbedding` (WordLevel vocabulary of `embed.segment` pieces), trained with
MultipleNegativesRankingLoss on batches that hold one (anchor, positive) pair per template. CPU, seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
from pathlib import Path

from budgetkg.embed import MARKER, MODEL_DIR, segment
from budgetkg.queries.catalog import HERE as QUERIES_DIR
from budgetkg.queries.catalog import Template, load_templates, mask_example

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

DATA = QUERIES_DIR / "training" / "paraphrases.jsonl"
PREFIXES = ("", "请问", "我想知道", "查一下", "帮我查", "想了解")
SWAPS = (
    ("是多少", "为多少"),
    ("是多少", "多少"),
    ("是多少", "有多少"),
    ("多少钱", "多少"),
    ("多少", "几多"),
    ("什么", "啥"),
    ("哪些", "什么"),
    ("为什么", "为啥"),
    ("安排", "安排了"),
    ("预算", "预算数"),
    ("了", ""),
    ("的", ""),
    ("{org}{year}", "{year}{org}"),
    ("{org}", ""),
    ("{year}", ""),
)


def paraphrases(example: str, rng: random.Random, n: int) -> set[str]:
    """Up to `n` variants of an example: a prefix and a few random swaps of wordings and slot order."""
    out = {example}
    for _ in range(n * 4):
        text = example
        for a, b in rng.sample(SWAPS, k=rng.randint(0, 3)):
            text = text.replace(a, b, 1)
        if any(p in text for p in ("{item}", "{proj}", "{ind}", "{org}")):
            out.add(rng.choice(PREFIXES) + text)
        if len(out) >= n:
            break
    return out


def training_rows(templates: tuple[Template, ...], per_example: int, seed: int) -> list[dict]:
    """Every generated (template, masked question) row."""
    rng = random.Random(seed)
    rows = []
    for t in templates:
        for ex in t.examples:
            rows += [
                {"template": t.name, "text": mask_example(p)}
                for p in sorted(paraphrases(ex, rng, per_example))
            ]
    return rows


def build_tokenizer(texts: list[str]):
    """A WordLevel tokenizer over the whitespace pieces of segmented texts (plus [UNK])."""
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import WhitespaceSplit

    vocab = {"[UNK]": 0}
    for text in texts:
        for piece in text.split():
            vocab.setdefault(piece, len(vocab))
    tok = Tokenizer(WordLevel(vocab=vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = WhitespaceSplit()
    return tok


def train(rows: list[dict], dim: int, epochs: int, seed: int, out: Path) -> None:
    """Train a StaticEmbedding with MNRL on one-pair-per-template batches and save it to `out`."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding

    torch.manual_seed(seed)
    rng = random.Random(seed)
    segmented = [{**r, "seg": segment(r["text"])} for r in rows]
    static = StaticEmbedding(build_tokenizer([r["seg"] for r in segmented]), embedding_dim=dim)
    torch.nn.init.normal_(static.embedding.weight, std=0.1)
    model = SentenceTransformer(modules=[static], device="cpu")
    loss = MultipleNegativesRankingLoss(model, scale=20.0)
    optim = torch.optim.Adam(model.parameters(), lr=0.02)
    by_template: dict[str, list[str]] = {}
    for r in segmented:
        by_template.setdefault(r["template"], []).append(r["seg"])
    steps = epochs * max(len(v) for v in by_template.values()) // 4
    for _ in range(steps):
        pairs = [rng.sample(v, 2) for v in by_template.values()]
        feats = [model.preprocess([p[i] for p in pairs]) for i in (0, 1)]
        value = loss(feats, None)
        optim.zero_grad()
        value.backward()
        optim.step()
    out.mkdir(parents=True, exist_ok=True)
    model.save(str(out))
    (out / MARKER).write_text(json.dumps({"segment": "budgetkg.embed.segment", "dim": dim}), encoding="utf-8")


def main() -> None:
    """Generate the data, write it, train, save."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--per-example", type=int, default=12)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rows = training_rows(load_templates(), args.per_example, args.seed)
    DATA.parent.mkdir(parents=True, exist_ok=True)
    DATA.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    train(rows, args.dim, args.epochs, args.seed, args.out)
    print(f"{len(rows)} training questions, model saved to {args.out}")


if __name__ == "__main__":
    main()
