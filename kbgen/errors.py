"""Errors and diagnostics: every problem kbgen reports names a file and a line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import click

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in the content, printed as ``path:line: error: message``."""

    path: str
    line: int
    severity: Severity
    message: str
    hint: str = ""

    def format(self) -> str:
        text = f"{self.path}:{self.line}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class KbgenError(click.ClickException):
    """Base of every error kbgen shows to a user: a message, never a traceback."""


class ConfigError(KbgenError):
    """The site settings (``mkdocs.yml``) are missing or wrong."""


class ContentError(KbgenError):
    """The articles, FAQ or synonyms hold errors; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic], *, already_shown: bool = False):
        self.diagnostics = diagnostics
        self.already_shown = already_shown
        count = sum(1 for d in diagnostics if d.is_error)
        super().__init__(f"{count} error{'s' if count != 1 else ''} in the content; nothing was built")

    def show(self, file=None) -> None:
        if not self.already_shown:
            for diagnostic in self.diagnostics:
                click.echo(diagnostic.format(), file=file, err=True)
        super().show(file)


class BuildError(KbgenError):
    """Rendering or publishing the site failed; the previous site is left as it was."""
