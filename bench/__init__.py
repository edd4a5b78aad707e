"""Benchmark tooling: the synthetic board (builder), the measurements, the load test. Not an app."""
