"""``python -m redactkit.cli``."""

from redactkit.cli import main

main()
