"""Proposals (提案) from filing to the proposer's verdict (DOMAIN.md)."""

from flask import Blueprint

bp = Blueprint("proposals", __name__)
URL_PREFIX = "/proposals"
