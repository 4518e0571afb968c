"""Reporters: text (people), JSON (tools), HTML (a page to read), github (CI annotations)."""
