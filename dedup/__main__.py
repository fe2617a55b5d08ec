"""``python -m dedup`` works like ``dedup``."""
from .start import main

main()
