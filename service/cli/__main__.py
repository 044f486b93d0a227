"""`python -m service.cli` runs the `complaints` command."""

from service.cli import main

main()
