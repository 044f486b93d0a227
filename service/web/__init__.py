"""The dashboard: server-rendered pages for people, with the API's roles and redaction."""
