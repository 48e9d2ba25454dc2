"""The bare Flask route run_scale.py compares the proposal list's throughput with: the same
framework and server, no database, no templates, no session."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index() -> str:
    return "<!doctype html><title>bare</title><p>ok</p>"
