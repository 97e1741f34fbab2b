"""Reading results: summaries against history, tables (and, later, plots and reports)."""
