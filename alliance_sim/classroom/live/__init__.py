"""A live class session: join codes, seats, predictions, each student's game, the server's rooms, and the export."""
