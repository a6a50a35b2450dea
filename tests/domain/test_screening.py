from gluteus.domain.profile import Limitation, ParqAnswers
from gluteus.domain.screening import PARQ_QUESTIONS, screen

ALL_NO = {f"q{i}": False for i in range(1, 8)}


def test_all_no_is_cleared() -> None:
    result = screen(ParqAnswers(**ALL_NO))
    assert result.cleared and result.status == "cleared" and not result.reasons


def test_each_yes_blocks_with_its_reason() -> None:
    for key in PARQ_QUESTIONS:
        result = screen(ParqAnswers(**{**ALL_NO, key: True}))
        assert not result.cleared
        assert result.status == "see a professional first"
        assert len(result.reasons) == 1
        assert "professional" in result.advice[0]


def test_unanswered_is_not_cleared_but_says_so() -> None:
    result = screen(None)
    assert not result.cleared and result.status == "unanswered" and not result.answered


def test_pregnancy_needs_clearance_even_with_all_no() -> None:
    result = screen(ParqAnswers(**ALL_NO), (Limitation.PREGNANCY,))
    assert not result.cleared
    assert any("pregnancy" in reason for reason in result.reasons)


def test_over_45_gets_vigorous_advice() -> None:
    result = screen(ParqAnswers(**ALL_NO), age=50)
    assert any("45" in advice for advice in result.advice)
