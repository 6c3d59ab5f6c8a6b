"""Live tests serve the BFF with uvicorn over an emulator of their own (see ``tests/live/harness.py``)."""
