"""``python -m payround`` runs the command line."""

from payround.cli import main

main()
