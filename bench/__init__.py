"""Benchmarks (`make bench`): each module bench_*.py has a `main()` that prints its ratio last.

They are measurements, not tests: a missed target is printed, never raised.
"""
