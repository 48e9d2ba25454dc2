"""Cross-cutting mechanisms shared by every domain (see DESIGN.md)."""
