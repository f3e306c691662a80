// The benchmark executable (filled in by the performance work).
print("policylint-bench: not implemented yet")
