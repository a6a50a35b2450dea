"""Routers: ``api`` (JSON under /api/v1) and the server-rendered pages."""
