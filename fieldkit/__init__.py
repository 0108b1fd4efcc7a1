"""fieldkit: record field interviews offline, keep them encrypted, send them to headquarters."""

__version__ = "0.1.0"
