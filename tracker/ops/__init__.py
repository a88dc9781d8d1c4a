"""Operations: backup archives and restore, synthetic data and benchmarks. They run without the
web app (nothing here imports `tracker.web` or Flask); synth and bench are developer tools whose
extra dependencies are the `[bench]` extra."""
