"""The report's sections, one module each, and the SQL helpers they share (sql.py)."""
