"""The engine that turns an assessment into a result, and what each role sees of it."""
