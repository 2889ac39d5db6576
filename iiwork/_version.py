"""The installed version of iiwork."""

__version__ = "0.1.0"
