"""`python -m game.sweep --help`: see `game.sweep.cli`."""

import sys

from game.sweep.cli import main

if __name__ == "__main__":
    sys.exit(main())
