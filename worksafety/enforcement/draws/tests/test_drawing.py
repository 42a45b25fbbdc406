"""The pure draw procedure (`enforcement.drawing`): a pinned vector anyone's re-implementation must match, the
weighting by credit, avoidance, and every refusal. No database."""

import json
from collections import Counter

import pytest

from worksafety.enforcement import drawing

PARAMETERS = {
    "version": 1, "title": "2026年3月 危险化学品双随机抽查", "announced_at": "2026-03-02T01:00:00+00:00",
    "filters": {}, "count": 4, "inspectors_per_pick": 2,
    "pool": [[101, 1], [102, 3], [103, 11], [104, 1], [105, 5], [106, 1], [107, 2]],
    "roster": [11, 12, 13, 14, 15], "avoid": [[103, 11], [105, 12], [105, 13]],
}
NONCE = "7f" * 32

# Computed once with this module and checked against coreutils (`printf … | sha256sum`) for the seed and the
# commitment; pinned so any change to the procedure shows.
CANONICAL = ('{"announced_at":"2026-03-02T01:00:00+00:00","avoid":[[103,11],[105,12],[105,13]],"count":4,'
             '"filters":{},"inspectors_per_pick":2,"pool":[[101,1],[102,3],[103,11],[104,1],[105,5],[106,1],'
             '[107,2]],"roster":[11,12,13,14,15],"title":"2026年3月 危险化学品双随机抽查","version":1}')
PARAMETERS_SHA256 = "6ca57986df295e54f9fe7cc22b76f3b054325b72baedd7677a2224873029dc5b"
SEED = "d117bdc3d2c58ce70feb55858024724b2bd1457d68548d694e5738b50ca6338a"
COMMITMENT = "587078d635168058f0e4dcf8ebeca05ae6b845ba2392308953a7b902c4d20b94"
FIRST_NUMBERS = [3969473117346771197, 10983711313242825773, 17388167236200493408]
RESULT = [(103, (12, 15)), (105, (11, 14)), (101, (11, 13)), (107, (12, 15))]


def parameters(**changes) -> dict:
    return {**PARAMETERS, **changes}


def test_the_procedure_matches_the_pinned_vector():
    assert drawing.canonical(PARAMETERS).decode() == CANONICAL
    assert drawing.sha256_hex(drawing.canonical(PARAMETERS)) == PARAMETERS_SHA256
    assert drawing.seed(PARAMETERS, NONCE).hex() == SEED
    assert drawing.commitment(NONCE) == COMMITMENT
    stream = drawing.Stream(bytes.fromhex(SEED))
    assert [stream.next_number() for _ in range(3)] == FIRST_NUMBERS
    assert [(p.enterprise, p.inspectors) for p in drawing.draw(PARAMETERS, NONCE)] == RESULT


def test_the_same_inputs_always_give_the_same_result_and_any_change_another():
    first = drawing.draw(PARAMETERS, NONCE)
    assert drawing.draw(json.loads(CANONICAL), NONCE) == first  # from the published text itself
    assert drawing.draw(PARAMETERS, "80" * 32) != first
    assert drawing.seed(parameters(title="另一次抽查"), NONCE) != drawing.seed(PARAMETERS, NONCE)


class Scripted(drawing.Stream):
    def __init__(self, numbers):
        super().__init__(b"")
        self.numbers = iter(numbers)

    def next_number(self):
        return next(self.numbers)


def test_below_discards_numbers_in_the_biased_tail():
    n = 3
    limit = drawing.NUMBER_SPACE - drawing.NUMBER_SPACE % n  # 2^64 mod 3 = 1: only 2^64 − 1 is discarded
    assert Scripted([limit, limit - 1]).below(n) == (limit - 1) % n
    assert Scripted([7]).below(n) == 1


def test_fisher_yates_gives_a_permutation():
    stream = drawing.Stream(b"seed")
    for _ in range(50):
        assert sorted(stream.shuffled(range(10))) == list(range(10))


def test_weights_follow_the_credit_score():
    assert [drawing.weight_for_credit(c) for c in (100, 95, 90, 80, 40, 0)] == [1, 1, 2, 3, 7, 11]
    with pytest.raises(drawing.DrawError):
        drawing.weight_for_credit(101)


def test_low_credit_is_drawn_measurably_more_often_over_many_seeds():
    # One enterprise at credit 100 (weight 1) and one at 40 (weight 7), one draw each time: 7/8 for the latter.
    pool = [[1, drawing.weight_for_credit(100)], [2, drawing.weight_for_credit(40)]]
    first = Counter(drawing.draw(parameters(pool=pool, count=1, avoid=[]), f"{seed:064x}")[0].enterprise
                    for seed in range(2000))
    share = first[2] / 2000
    assert 0.84 < share < 0.91, share


def test_equal_weights_are_drawn_uniformly():
    pool = [[e, 1] for e in range(1, 5)]
    first = Counter(drawing.draw(parameters(pool=pool, count=1, avoid=[]), f"{seed:064x}")[0].enterprise
                    for seed in range(4000))
    assert all(900 < first[e] < 1100 for e in range(1, 5)), first


def test_avoided_inspectors_are_never_sent_and_the_load_is_shared():
    for seed in range(300):
        picks = drawing.draw(PARAMETERS, f"{seed:064x}")
        assert len({p.enterprise for p in picks}) == 4
        for pick in picks:
            assert len(set(pick.inspectors)) == 2
            assert not ({(pick.enterprise, i) for i in pick.inspectors} & {tuple(a) for a in PARAMETERS["avoid"]})
        load = Counter(i for pick in picks for i in pick.inspectors)
        assert max(load.values()) - min(load.get(i, 0) for i in PARAMETERS["roster"]) <= 1, load


@pytest.mark.parametrize(("changes", "code"), [
    ({"count": 8}, "count"),
    ({"count": 0}, "count"),
    ({"inspectors_per_pick": 1}, "inspectors_per_pick"),
    ({"roster": [11]}, "roster"),
    ({"avoid": [[103, 11], [103, 12], [103, 13], [103, 14]]}, "pool"),
    ({"pool": [[102, 3], [101, 1]]}, "unsorted"),
    ({"pool": [[101, 0]], "count": 1}, "weight"),
    ({"version": 2}, "version"),
])
def test_parameters_that_cannot_give_a_draw_are_refused(changes, code):
    bad = parameters(**changes)
    assert code in [problem.code for problem in drawing.problems(bad)]
    with pytest.raises(drawing.DrawError):
        drawing.draw(bad, NONCE)


def test_the_command_line_prints_the_result(tmp_path, capsys):
    path = tmp_path / "parameters.json"
    path.write_text(CANONICAL, encoding="utf-8")
    assert drawing.main([str(path), NONCE]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [(p["enterprise"], tuple(p["inspectors"])) for p in printed] == RESULT
    assert drawing.main([str(path)]) == 2
