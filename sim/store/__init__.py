"""Results on disk: chunked batches, manifests, executors, atomic writes, and reading saved results back."""
