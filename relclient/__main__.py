"""`python -m relclient`: the command line."""

import os
import sys

from relclient.cli import main

try:
    sys.exit(main())
except BrokenPipeError:  # `kpis | head`: the reader stopped reading, which is not an error
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(0)
