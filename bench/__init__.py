"""The realtime delivery benchmark (`make bench`): see docs/benchmarks.md."""
