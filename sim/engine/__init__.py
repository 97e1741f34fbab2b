"""The Mesa model and its runs: the model steps the capitals' agents, records history and returns results."""
