"""The publication: which files, in which order, and the atomic build that writes them."""
