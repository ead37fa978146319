"""Scripts that print figures (not tests); ``benchmarks.synthetic`` is shared with the tests."""
