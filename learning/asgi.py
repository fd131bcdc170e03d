"""ASGI entry point for uvicorn: `uvicorn learning.asgi:app`."""

from learning.app import create_app

app = create_app()
