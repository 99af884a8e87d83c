"""kbgen: a static, searchable help center for an online store, built from Markdown and FAQ YAML."""

__version__ = "0.1.0"
