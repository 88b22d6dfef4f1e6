"""`python -m replylint` runs the command line."""
from .cli import main

main(prog_name="replylint")
