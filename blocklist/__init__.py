"""Blocklist: a shared service that salons use to stop deliberate fake bookings and chronic no-shows."""

__version__ = "0.1.0"
