"""`python -m relclient`: the command line."""

import sys

from relclient.cli import main

sys.exit(main())
