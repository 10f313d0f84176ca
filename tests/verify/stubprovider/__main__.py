"""`python -m stubprovider SCHEMA_FILE PROVIDER`: the provider process (see server.py)."""

import sys

from stubprovider.server import main

main(sys.argv[1:])
