"""Charts as data + draw pairs: each chart's numbers are computed apart from its matplotlib drawing."""
