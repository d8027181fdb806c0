"""Domain services: plain values in, models out; they never see an HTTP request."""
