"""The body's directory: terms and sessions, sectors, committees, members, units, leaders."""

from flask import Blueprint

bp = Blueprint("directory", __name__)
URL_PREFIX = "/directory"
