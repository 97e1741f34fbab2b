"""The scenario file language: read YAML safely, validate, resolve profiles, views, counterfactuals and campaigns."""
