"""fieldkit performance workloads: run ``python -m benchmarks`` from the repository root."""
