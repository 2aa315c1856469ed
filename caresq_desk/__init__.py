"""caresq-desk: assess care providers against Caresq's procurement policies."""

from caresq_desk._version import __version__

__all__ = ["__version__"]
