"""Root finding shared by the models (footprint edges, the blast-overpressure polynomial)."""

from collections.abc import Callable


def bisect(function: Callable[[float], float], low: float, high: float, rel_tol: float = 1e-12) -> float:
    """The root of `function` between `low` and `high`, where its signs differ. Bisection is slow but cannot
    leave the bracket, and the functions solved here are cheap and monotone across it."""
    f_low = function(low)
    if f_low == 0:
        return low
    if (f_low > 0) == (function(high) > 0):
        raise ValueError(f"no sign change between {low} and {high}")
    while high - low > rel_tol * max(abs(low), abs(high)):
        middle = (low + high) / 2
        if middle in (low, high):  # no float left between them
            break
        f_middle = function(middle)
        if f_middle == 0:
            return middle
        if (f_middle > 0) == (f_low > 0):
            low, f_low = middle, f_middle
        else:
            high = middle
    return (low + high) / 2
