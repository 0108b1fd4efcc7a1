"""Headquarters: the central dataset, bundle import and merge, quarantine, exports."""
