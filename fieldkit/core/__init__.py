"""The domain: interview records, validation, canonical JSON and citations.

Pure Python: nothing here imports Qt, a database driver or a crypto library.
"""
