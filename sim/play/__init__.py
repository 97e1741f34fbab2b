"""One student in a seat: a play session over the model, with no I/O."""
