"""Cashier's speed, measured (issue 8): ``python -m benchmarks [--quick] [--only NAME…]``.

Each benchmark prints one ``name value unit`` line per figure, below a ``#`` header naming the
machine; none of them is a test (the test suite only checks that the harness runs). See
``benchmarks/README.md`` for the figures, what they mean and how they were measured.
"""
