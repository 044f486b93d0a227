"""The JSON API under /api/v1: routers, dependencies and problem responses."""
