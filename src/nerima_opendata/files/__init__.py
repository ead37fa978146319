"""File plumbing shared by every stage: shipped data, text decoding, atomic output, the extras."""
