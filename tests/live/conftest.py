"""Until the change feed is wired: relay the emulator's bus rows into the BFF's broker."""
