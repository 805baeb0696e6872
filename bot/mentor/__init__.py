"""mentor."""
