"""The canonical model: records, the budget, tables, and values (amounts, 和暦, codes)."""
