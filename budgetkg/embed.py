"""Sentence embeddings for intent matching: the shipped static model or any local sentence-transformers model.

The shipped model (budgetkg/model/) is a sentence-transformers `StaticEmbedding` over a WordLevel vocabulary
of characters, character bigrams and jieba words; texts are pre-segmented with `segment`. It is evaluated
here with numpy (a mean of token vectors, as `StaticEmbedding` does) so that asking needs no torch import.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path

import jieba
import numpy as np

from .errors import InputError

MODEL_DIR = Path(__file__).parent / "model"
MARKER = "budgetkg-segment.json"  # present in models trained on `segment`ed text
MASKS = ("ORG", "YEAR", "ITEM", "PROJ", "IND")
_SPLIT = re.compile(r"(ORG|YEAR|ITEM|PROJ|IND)")

jieba.setLogLevel(60)


def segment(text: str) -> str:
    """Masked question -> space-separated pieces: mask tokens, jieba words, characters and bigrams."""
    pieces: list[str] = []
    for chunk in _SPLIT.split(text):
        if chunk in MASKS:
            pieces.append(chunk)
            continue
        chunk = re.sub(r"\d+(\.\d+)?", "0", re.sub(r"[^\w%]", "", chunk))
        if not chunk:
            continue
        pieces += [w for w in jieba.lcut(chunk, HMM=False) if len(w) > 1]
        pieces += list(chunk) + [chunk[i : i + 2] for i in range(len(chunk) - 1)]
    return " ".join(pieces)


class Encoder:
    """Encodes texts into L2-normalised vectors with one loaded model."""

    def __init__(self, model_dir: str | Path | None = None) -> None:
        path = Path(model_dir) if model_dir else MODEL_DIR
        if not path.is_dir():
            raise InputError(f"embedding model folder not found: {path}")
        self.path = path
        self.presegment = (path / MARKER).exists()
        self._static = _static_parts(path) if self.presegment else None
        self._st = None if self._static else _sentence_transformer(path)

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit-length row per text."""
        if self.presegment:
            texts = [segment(t) for t in texts]
        if self._static:
            tokenizer, weights = self._static
            vecs = np.stack(
                [_mean(weights, e.ids) for e in tokenizer.encode_batch(texts, add_special_tokens=False)]
            )
        else:
            vecs = np.asarray(self._st.encode(texts, convert_to_numpy=True), dtype=np.float32)
        return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)


def _mean(weights: np.ndarray, ids: list[int]) -> np.ndarray:
    return weights[ids].mean(axis=0) if ids else np.zeros(weights.shape[1], dtype=np.float32)


def _static_parts(path: Path):
    """(tokenizer, embedding matrix) of a model made of one StaticEmbedding module, else None."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    modules = json.loads((path / "modules.json").read_text(encoding="utf-8"))
    if len(modules) != 1 or not modules[0]["type"].endswith("StaticEmbedding"):
        return None
    folder = path / modules[0]["path"]
    weights = load_file(str(folder / "model.safetensors"))["embedding.weight"]
    return Tokenizer.from_file(str(folder / "tokenizer.json")), weights.astype(np.float32)


def _sentence_transformer(path: Path):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(path), device="cpu", local_files_only=True)


@lru_cache(maxsize=4)
def load_encoder(model_dir: str | None = None) -> Encoder:
    """The encoder for `model_dir` (default: the shipped model), loaded once per process."""
    return Encoder(model_dir)
