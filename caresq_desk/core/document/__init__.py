"""An assessment as a file: reading, atomic saving, sharing with colleagues, the history, the
open session, autosave and recovery."""
