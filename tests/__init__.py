"""Tests mirror the modules they test; shared fixtures live in conftest."""
