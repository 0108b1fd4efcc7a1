"""The desktop app. PySide6 is imported only inside this package."""
