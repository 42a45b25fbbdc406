"""规划指标: the plan's nine indicators, computed from the accidents and the yearly denominators."""
