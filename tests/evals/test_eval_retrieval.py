"""Hit rate and MRR over retrieved passages and expected spans."""

from evals.metrics.retrieval import first_hit_rank, hit_rate, mrr, overlaps

EXPECTED = [{"source": "a.txt", "start": 100, "end": 200}]


def passage(start, end, source="a.txt"):
    return {"source": source, "start": start, "end": end, "text": "", "score": 0.0}


def test_overlap_needs_same_source_and_one_shared_character():
    assert overlaps(passage(150, 160), EXPECTED[0])
    assert overlaps(passage(199, 300), EXPECTED[0])
    assert not overlaps(passage(200, 300), EXPECTED[0])  # spans are half-open
    assert not overlaps(passage(0, 100), EXPECTED[0])
    assert not overlaps(passage(150, 160, source="b.txt"), EXPECTED[0])


def test_first_hit_rank_is_one_based():
    retrieved = [passage(0, 50), passage(180, 260), passage(100, 120)]
    assert first_hit_rank(retrieved, EXPECTED) == 2
    assert first_hit_rank([passage(0, 50)], EXPECTED) is None


def test_hit_rate_and_mrr_hand_computed():
    runs = [
        ([passage(100, 150)], EXPECTED),  # rank 1
        ([passage(0, 10), passage(0, 10), passage(190, 210)], EXPECTED),  # rank 3
        ([passage(0, 10)], EXPECTED),  # miss
        ([], EXPECTED),  # nothing retrieved: miss
    ]
    assert hit_rate(runs) == 0.5
    assert mrr(runs) == (1 + 1 / 3) / 4


def test_empty_run_list_has_no_score():
    assert hit_rate([]) is None
    assert mrr([]) is None
