"""The 双随机 draw procedure, in plain Python with no Django, so that anyone can re-implement it and check a
published draw (docs/design.md, "Enforcement: plans, draws, credit", has the same text for citizens).

A draw is computed from two things only: the published parameters (a JSON object, version 1) and the nonce
revealed at the draw. The parameters are

    {"version": 1, "title": …, "announced_at": …, "filters": {…}, "count": <enterprises to draw>,
     "inspectors_per_pick": <k ≥ 2>, "pool": [[enterprise id, weight], … sorted by id],
     "roster": [inspector id, … sorted], "avoid": [[enterprise id, inspector id], … sorted]}

and the procedure is:

1. canonical(parameters): JSON with keys sorted, no whitespace (separators "," and ":"), non-ASCII characters
   written as they are, encoded in UTF-8. This is exactly the text published with the draw.
2. seed = SHA-256("worksafety-draw-v1" ‖ LF ‖ canonical(parameters) ‖ LF ‖ nonce), the nonce being the 64
   hexadecimal characters revealed at the draw (ASCII). Before the draw only SHA-256(nonce), the commitment,
   is published, so the nonce cannot be chosen after the parameters are known to anyone.
3. Random numbers: the k-th (k = 0, 1, 2, …) is the first 8 bytes, as a big-endian unsigned integer, of
   SHA-256(seed ‖ k as 8 bytes big-endian).
4. below(n), a uniform integer in [0, n): take the next number x; while x ≥ 2⁶⁴ − (2⁶⁴ mod n) discard it and
   take the next; answer x mod n. (Rejection keeps every value equally likely.)
5. Enterprises, weighted, without replacement: `count` times, r = below(sum of the weights still in the pool);
   walk the remaining pool in id order adding up weights; the first enterprise whose running sum exceeds r is
   drawn and leaves the pool.
6. Inspectors, for each drawn enterprise in drawing order: shuffle the roster by Fisher–Yates (for i from
   n − 1 down to 1: j = below(i + 1), swap positions i and j); leave out the inspectors the enterprise must
   avoid; sort the rest by how many enterprises they were already given in this draw, fewest first, keeping
   the shuffled order among equals (a stable sort); take the first k. The pick lists them by ascending id.

Weights come from credit (国办发〔2015〕58号: entities with violations are inspected more): `weight_for_credit`.
"""

import hashlib
import json
import secrets
import sys
from dataclasses import dataclass

VERSION = 1
DOMAIN = b"worksafety-draw-v1"
NUMBER_SPACE = 2**64
MIN_INSPECTORS = 2  # 《行政处罚法》第四十二条: 执法人员不得少于两人


class DrawError(ValueError):
    """The parameters cannot give a draw (too few enterprises or inspectors, malformed input)."""


@dataclass(frozen=True)
class Pick:
    enterprise: int
    inspectors: tuple[int, ...]


def weight_for_credit(credit: int) -> int:
    """Tickets an enterprise holds in the draw: 1 at a perfect 100, one more per full 10 points below it
    (11 at 0), so an enterprise at 40 is seven times as likely as one at 100 to be drawn first."""
    if not 0 <= credit <= 100:
        raise DrawError(f"credit must be 0–100, not {credit}")
    return 1 + (100 - credit) // 10


def canonical(parameters: dict) -> bytes:
    return json.dumps(parameters, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def new_nonce() -> str:
    return secrets.token_hex(32)


def commitment(nonce: str) -> str:
    """What is published before the draw: SHA-256 of the nonce's ASCII text (`echo -n NONCE | sha256sum`)."""
    return sha256_hex(nonce.encode("ascii"))


def seed(parameters: dict, nonce: str) -> bytes:
    return hashlib.sha256(DOMAIN + b"\n" + canonical(parameters) + b"\n" + nonce.encode("ascii")).digest()


class Stream:
    """SHA-256 in counter mode: the procedure's steps 3 and 4."""

    def __init__(self, seed_bytes: bytes):
        self.seed = seed_bytes
        self.counter = 0

    def next_number(self) -> int:
        block = hashlib.sha256(self.seed + self.counter.to_bytes(8, "big")).digest()
        self.counter += 1
        return int.from_bytes(block[:8], "big")

    def below(self, n: int) -> int:
        if n < 1:
            raise DrawError("below(n) needs n ≥ 1")
        limit = NUMBER_SPACE - NUMBER_SPACE % n
        while True:
            x = self.next_number()
            if x < limit:
                return x % n

    def shuffled(self, items: list) -> list:
        items = list(items)
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]
        return items


def avoidance(parameters: dict) -> dict[int, set[int]]:
    """Inspectors each enterprise must avoid, from the `avoid` pairs."""
    avoid: dict[int, set[int]] = {}
    for enterprise, inspector in parameters["avoid"]:
        avoid.setdefault(enterprise, set()).add(inspector)
    return avoid


@dataclass(frozen=True)
class Problem:
    """Why parameters cannot give a draw: a code the platform translates, and the facts behind it."""

    code: str  # version | unsorted | weight | inspectors_per_pick | count | pool | roster
    detail: tuple = ()

    def __str__(self):
        return f"{self.code}: {self.detail}" if self.detail else self.code


def problems(parameters: dict) -> list[Problem]:
    """Why these parameters cannot give a draw (empty when they can). Every enterprise of the pool is checked
    for enough inspectors, since any of them may be drawn."""
    found = []
    pool, roster = parameters["pool"], parameters["roster"]
    count, k = parameters["count"], parameters["inspectors_per_pick"]
    if parameters.get("version") != VERSION:
        found.append(Problem("version", (parameters.get("version"),)))
    if [e for e, _ in pool] != sorted({e for e, _ in pool}) or roster != sorted(set(roster)):
        found.append(Problem("unsorted"))
    if any(not isinstance(w, int) or w < 1 for _, w in pool):
        found.append(Problem("weight"))
    if k < MIN_INSPECTORS:
        found.append(Problem("inspectors_per_pick", (k, MIN_INSPECTORS)))
    if count < 1 or count > len(pool):
        found.append(Problem("count", (count, len(pool))))
    avoid = avoidance(parameters)
    short = tuple(e for e, _ in pool if len(set(roster) - avoid.get(e, set())) < k)
    if len(roster) < k:
        found.append(Problem("roster", (len(roster), k)))
    elif short:
        found.append(Problem("pool", short))
    return found


def draw(parameters: dict, nonce: str) -> list[Pick]:
    """The draw's result: steps 5 and 6 of the procedure."""
    found = problems(parameters)
    if found:
        raise DrawError("; ".join(str(problem) for problem in found))
    stream = Stream(seed(parameters, nonce))
    remaining = [(enterprise, weight) for enterprise, weight in parameters["pool"]]
    drawn = []
    for _ in range(parameters["count"]):
        r = stream.below(sum(weight for _, weight in remaining))
        running = 0
        for index, (enterprise, weight) in enumerate(remaining):
            running += weight
            if r < running:
                drawn.append(enterprise)
                del remaining[index]
                break
    avoid = avoidance(parameters)
    load = dict.fromkeys(parameters["roster"], 0)
    picks = []
    for enterprise in drawn:
        order = stream.shuffled(parameters["roster"])
        eligible = [inspector for inspector in order if inspector not in avoid.get(enterprise, set())]
        chosen = sorted(eligible, key=lambda inspector: load[inspector])[: parameters["inspectors_per_pick"]]
        for inspector in chosen:
            load[inspector] += 1
        picks.append(Pick(enterprise, tuple(sorted(chosen))))
    return picks


def main(argv: list[str]) -> int:
    """`python -m worksafety.enforcement.drawing PARAMETERS.json NONCE`: print the draw's result as JSON."""
    if len(argv) != 2:
        print("usage: python -m worksafety.enforcement.drawing PARAMETERS.json NONCE", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as file:
        parameters = json.load(file)
    try:
        picks = draw(parameters, argv[1])
    except DrawError as error:
        print(error, file=sys.stderr)
        return 2
    print(json.dumps([{"enterprise": p.enterprise, "inspectors": list(p.inspectors)} for p in picks]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
