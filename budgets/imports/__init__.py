"""Card and bank transaction imports: layouts, parsing and validation, all-or-nothing commit."""
