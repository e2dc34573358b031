"""Lotsen's terminal UI (Textual). Importing this package alone loads nothing heavy."""

__version__ = "0.1.0"
