"""Writers: each turns the budget model into one format."""
