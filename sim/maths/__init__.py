"""Pure numpy bargaining maths (no Mesa, no agents): the bargaining set, blocs, the protocol, deadlock, draws and events."""
