"""The vocabulary of peerlift: pure, IO-free types that every other layer speaks in."""
