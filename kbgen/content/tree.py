"""Walking the docs folder: which files may be published, and which entries must stop the build.

MkDocs publishes every file under the docs folder and follows symbolic links while doing so. Git
stores links, so one committed ``env.txt -> /proc/self/environ`` would publish a CI job's
environment. A link whose target lies outside the docs folder is therefore an error naming the
link (links within the folder are fine), and so is a link to nothing. Names that are not UTF-8
cannot become URLs, and folders nested absurdly deep are a mistake (or an attack on path
lengths): both are reported with their path instead of failing later without one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from kbgen.errors import Diagnostic

# Deeper than any help center needs (language / category / sub-category / article is 4), well short
# of where paths reach the 4,096-byte limit of Linux.
MAX_DEPTH = 16
# Hidden folders that hold published files: GitBook keeps a space's images in .gitbook/assets/.
PUBLISHED_HIDDEN = frozenset({".gitbook"})


@dataclass
class DocsTree:
    """The files of a docs folder as ``/``-separated paths under it, and what is wrong with it."""

    files: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def shown_name(path: str) -> str:
    """A path as it can be printed, even when its bytes are not UTF-8 (``caf\\xe9.md``)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def is_inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def link_problem(full: str, real_docs: str) -> str | None:
    """Why the symbolic link at ``full`` must not be published, or None when it may be."""
    target = os.readlink(full)
    real = os.path.realpath(full)
    if not os.path.exists(real):
        return f"symbolic link to '{shown_name(target)}', which does not exist (remove the link)"
    if not is_inside(real, real_docs):
        return (
            f"symbolic link to '{shown_name(target)}', which is outside the docs folder and must not be "
            "published (remove the link, or copy what it points to into the docs folder)"
        )
    return None


def walk_docs(docs_dir: str, shown_prefix: str = "") -> DocsTree:
    """Every publishable file under ``docs_dir``, sorted, hidden (``.``) entries skipped as MkDocs does
    (but GitBook's ``.gitbook/`` of images).

    Links are never followed here: a folder link inside the docs folder is listed by what it
    points to, which is walked in its own place.
    """
    tree = DocsTree()
    real_docs = os.path.realpath(docs_dir)

    def problem(rel: str, message: str) -> None:
        tree.problems.append(Diagnostic(shown_prefix + shown_name(rel), 1, "error", message))

    def visit(folder: str, rel: str, depth: int) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problem(rel or ".", f"cannot read this folder: {exc.strerror}")
            return
        folders = []
        for entry in entries:
            if entry.name.startswith(".") and not (rel == "" and entry.name in PUBLISHED_HIDDEN):
                continue
            child = f"{rel}{entry.name}"
            try:
                entry.name.encode("utf-8")
            except UnicodeEncodeError:
                problem(child, "the name is not valid UTF-8 (rename it; names become addresses of the site)")
                continue
            if entry.is_symlink():
                reason = link_problem(entry.path, real_docs)
                if reason:
                    problem(child, reason)
                    continue
                if entry.is_dir():
                    continue  # its target is inside the docs folder and walked there
            if entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, child + "/"))
            else:
                tree.files.append(child)
        for path, child in folders:  # a folder's files first, then its sub-folders, as os.walk lists them
            if depth >= MAX_DEPTH:
                problem(child, f"folders are nested more than {MAX_DEPTH} deep (flatten them)")
            else:
                visit(path, child, depth + 1)

    visit(docs_dir, "", 0)
    return tree
