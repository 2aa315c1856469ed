"""The engine's memo switch and size bound, in one place for every step that memoises.

A result depends only on the values it reads, so steps keep memos on the compiled policy;
tests and benchmarks switch them off to measure or compare a fresh evaluation."""

MEMOIZE = True
MEMO_LIMIT = 20_000
