import sys

from caresq_desk.cli import main

sys.exit(main())
