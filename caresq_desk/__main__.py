import sys

from caresq_desk.cli import main

# The guard matters: the werkmap's worker processes import this module again under another name.
if __name__ == "__main__":
    sys.exit(main())
