"""Classification metrics for the benchmark, computed the way the peers compute them.

macro-F1 is the mean, over the labels present in gold or predictions, of
F1 = 2 tp / (2 tp + fp + fn) -- the same number as sklearn's
f1_score(average='macro', zero_division=0) -- and accuracy is the share of exact
matches. The bootstrap interval resamples documents with replacement from a
fixed-seed generator, so the same predictions always give the same interval.
"""

import json
import random

BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 20261125
BOOTSTRAP_MAX_DOCS = 500  # intervals are given where a test split has fewer docs


def _label_index(gold, pred):
    labels = sorted(set(gold) | set(pred))
    return labels, {lab: i for i, lab in enumerate(labels)}


def _macro_f1_from_codes(g, p, k, idx=None):
    tp = [0] * k
    fp = [0] * k
    fn = [0] * k
    present = [False] * k
    rng = range(len(g)) if idx is None else idx
    for i in rng:
        a, b = g[i], p[i]
        present[a] = True
        present[b] = True
        if a == b:
            tp[a] += 1
        else:
            fn[a] += 1
            fp[b] += 1
    f1s = [2 * tp[j] / (2 * tp[j] + fp[j] + fn[j]) for j in range(k) if present[j]]
    return sum(f1s) / len(f1s) if f1s else 0.0


def macro_f1(gold, pred):
    if len(gold) != len(pred):
        raise ValueError("gold and predictions differ in length (%d vs %d)" % (len(gold), len(pred)))
    labels, ix = _label_index(gold, pred)
    return _macro_f1_from_codes([ix[x] for x in gold], [ix[x] for x in pred], len(labels))


def accuracy(gold, pred):
    if not gold:
        return 0.0
    return sum(1 for a, b in zip(gold, pred) if a == b) / len(gold)


def bootstrap_ci(gold, pred, resamples=BOOTSTRAP_RESAMPLES, seed=BOOTSTRAP_SEED, level=0.95):
    """Percentile bootstrap interval of macro-F1: [low, high]."""
    n = len(gold)
    if n == 0:
        return None
    labels, ix = _label_index(gold, pred)
    g = [ix[x] for x in gold]
    p = [ix[x] for x in pred]
    k = len(labels)
    rnd = random.Random(seed)
    stats = []
    for _ in range(resamples):
        idx = [rnd.randrange(n) for _ in range(n)]
        stats.append(_macro_f1_from_codes(g, p, k, idx))
    stats.sort()
    lo_i = int((1 - level) / 2 * resamples)
    hi_i = min(resamples - 1, int((1 + level) / 2 * resamples) - 1)
    return [stats[lo_i], stats[hi_i]]


def summarize(gold, pred, with_ci):
    out = {"n": len(gold), "macro_f1": macro_f1(gold, pred), "accuracy": accuracy(gold, pred)}
    if with_ci:
        out["macro_f1_ci95"] = bootstrap_ci(gold, pred)
    return out


def read_peer_predictions(path):
    """A run-peers predictions file: {"id","label","pred","prob"} a line -> (ids, gold, pred)."""
    ids, gold, pred = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                ids.append(str(r["id"]))
                gold.append(str(r["label"]))
                pred.append(str(r["pred"]))
    return ids, gold, pred
