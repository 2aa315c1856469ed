"""The data the rules read and write: an assessment, its answers, and the result."""
