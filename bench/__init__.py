"""Benchmarks. Each is a package ``bench/<name>/`` runnable as ``python -m bench.<name>``; figures go to
``bench/results/<name>.json`` and a short table is printed."""
