"""The report formats (a module of its own, so that the CLI knows them without importing Jinja)."""

FORMATS = ("text", "md", "html", "json")
