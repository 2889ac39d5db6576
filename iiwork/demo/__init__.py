"""The shipped offline sample and the demo search."""
