"""Callinicum 531: start the battle. `python main.py --help` lists every option."""

import sys

from game.start import main

if __name__ == "__main__":
    sys.exit(main())
