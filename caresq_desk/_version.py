"""The version, in one place: pyproject.toml reads it from here (no metadata look-up at start)."""

__version__ = "0.1.0"
