"""Benchmarks: the book's workloads in nnbook and in PyTorch, timed side by side.

Run ``nox -s bench`` (or ``python -m benchmarks`` with PyTorch installed; ``--quick`` for a short
trial). :mod:`benchmarks.workloads` holds each workload twice, the nnbook version next to the
PyTorch one; :mod:`benchmarks.runner` times them and writes the table.
"""
