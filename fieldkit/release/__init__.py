"""Building and signing the installable app (``python -m fieldkit.release``).

Not used by the app itself and left out of the frozen build. See docs/building.md.
"""
