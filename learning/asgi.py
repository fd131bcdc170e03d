"""ASGI entry point for uvicorn: `uvicorn learning.asgi:app` (each worker of `entraide serve --workers N`
imports it, reading the same environment)."""

from learning import logs
from learning.app import create_app
from learning.settings import Settings

settings = Settings.from_env()
if settings.log_format == "json":
    logs.configure("json")
app = create_app(settings)
