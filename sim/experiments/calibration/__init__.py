"""Calibration as inference: the article's ranges are the prior, the historical record the
data, approximate Bayesian computation (ABC) the method, a posterior folder the result."""
