import pytest

from worksafety.standards import cas


@pytest.mark.parametrize("number", ["7664-41-7", "71-43-2", "7782-50-5", "67-56-1", "74-82-8", "630-08-0", "7732-18-5"])
def test_known_numbers_are_valid(number):
    assert cas.is_valid(number)


@pytest.mark.parametrize("number", ["7664-41-8", "71-43-3", "7664417", "7-41-7", "12345678-41-7", "abc", "", None])
def test_wrong_or_malformed_numbers_are_invalid(number):
    assert not cas.is_valid(number)
