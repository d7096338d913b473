"""`python -m peerlift.cli`, as the benchmarks run it."""

from peerlift.cli import main

main()
