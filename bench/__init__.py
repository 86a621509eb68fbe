"""Benchmarks and generated test data for toc-editor."""
