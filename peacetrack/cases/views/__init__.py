"""Case pages, one module per topic."""
