"""Figures of `budgetkg ask`: cold start, warm latency, --jsonl throughput and intent accuracy.

usage: python benchmarks/bench_ask.py [STORE]   (default: builds the bundled corpus into a temporary folder)
Intent accuracy compares the shipped embedding model with a char n-gram TF-IDF nearest-example baseline.
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

HELDOUT = Path(__file__).parent.parent / "tests" / "heldout_questions.jsonl"


def main() -> None:
    """Print one line per figure."""
    from budgetkg.kg.build import build
    from budgetkg.kg.store import open_store

    location = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp()
    store = open_store(location)
    if len(sys.argv) == 1:
        build(store)
    gold = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    t0 = time.perf_counter()
    from budgetkg.ask import ask, ask_jsonl, engine

    ask(gold[0]["question"], store)
    print(f"cold start (imports + lexicon + models + first answer): {time.perf_counter() - t0:.2f} s")
    times = []
    for g in gold:
        t = time.perf_counter()
        ask(g["question"], store)
        times.append((time.perf_counter() - t) * 1000)
    print(f"warm latency: p50 {statistics.median(times):.1f} ms, max {max(times):.1f} ms")
    feed = [g["question"] + "\n" for g in gold] * 4
    t = time.perf_counter()
    ask_jsonl(feed, io.StringIO(), store)
    print(f"--jsonl throughput: {len(feed) / (time.perf_counter() - t):.0f} questions/s")
    intent_accuracy(engine(store), [g for g in gold if g["answer"] != "NOT_FOUND"])


def intent_accuracy(e, gold: list[dict]) -> None:
    """Template accuracy on the held-out questions: shipped model vs TF-IDF char n-grams."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    masked = [e.parse(g["question"]).masked for g in gold]
    want = [g["template"] for g in gold]
    got = [(t.name if t else None) for t, _ in (e.intent(e.parse(g["question"])) for g in gold)]
    hits = sum(a == b for a, b in zip(got, want, strict=True))
    print(f"intent accuracy, shipped embedding model: {hits}/{len(want)}")
    from budgetkg.queries.catalog import load_templates, mask_example

    examples = [(t.name, mask_example(x)) for t in load_templates() for x in t.examples]
    tfidf = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)).fit([x for _, x in examples] + masked)
    sims = (tfidf.transform(masked) @ tfidf.transform([x for _, x in examples]).T).toarray()
    base = [examples[i][0] for i in sims.argmax(axis=1)]
    hits = sum(a == b for a, b in zip(base, want, strict=True))
    print(f"intent accuracy, char n-gram TF-IDF baseline: {hits}/{len(want)}")


if __name__ == "__main__":
    main()
