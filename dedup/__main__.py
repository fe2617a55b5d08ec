"""``python -m dedup`` works like ``dedup``."""
from .cli import main

main(prog_name="dedup")
