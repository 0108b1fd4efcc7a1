"""Icons, translations and the desktop entry: plain files shipped in the wheel as
``fieldkit.resources`` and read through importlib.resources."""
