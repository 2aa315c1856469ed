"""Entry point of the bundled application (PyInstaller runs this file)."""

import multiprocessing
import sys

from caresq_desk.cli import main

if __name__ == "__main__":
    # The werkmap reads large folders in worker processes; a frozen executable must let a
    # worker start as a worker instead of as a second application.
    multiprocessing.freeze_support()
    sys.exit(main())
