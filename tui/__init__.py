"""Lotsen's terminal UI (Textual). Importing this package alone loads nothing heavy."""

import os

__version__ = "0.1.0"

# Textual repaints at most TEXTUAL_FPS times a second (default 60), which adds up to 17 ms
# between a keystroke and the hits on screen. Lotsen only repaints what changed, so a higher
# ceiling costs nothing while idle. Set before Textual is imported; the environment wins.
os.environ.setdefault("TEXTUAL_FPS", "240")
