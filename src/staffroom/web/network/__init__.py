"""Ties between people (who is connected to whom), their import, and the connection-map pages."""
