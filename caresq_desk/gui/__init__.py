"""The desktop application (PySide6). Widgets only: every rule and file format is in the core."""
