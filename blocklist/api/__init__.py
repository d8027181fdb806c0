"""The JSON API: handlers parse, call a service, and answer."""
