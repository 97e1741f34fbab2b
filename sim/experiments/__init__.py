"""Designed experiments over a scenario: factors, designs and sweeps."""
