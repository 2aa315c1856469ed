"""caresq-desk: assess care providers against Caresq's procurement policies."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("caresq-desk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+onbekend"
