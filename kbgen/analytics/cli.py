"""``kbgen analytics serve``, ``export`` and ``migrate``: parse options, call the library, print.

Only click is imported here; Starlette, uvicorn and msgspec load inside the commands, so
``kbgen --help`` stays quick.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
from pathlib import Path

import click

from kbgen.errors import KbgenError

ORIGIN = re.compile(r"^https?://[^/\s?#]+$")
FORMAT_BY_SUFFIX = {".csv": "csv", ".json": "json", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
MAX_REJECTED_SHOWN = 200


DB_HELP = ("The SQLite file to store events in (created if missing), or a PostgreSQL database: "
           "postgresql://USER@HOST[:PORT]/DB, the password in PGPASSWORD or ~/.pgpass, never in the URL.")


def check_db(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse a PostgreSQL URL with a password before anything runs (it is already in the process list)."""
    from kbgen.analytics.stores.postgres import check_url, is_postgres

    if value and is_postgres(value):
        check_url(value)
    return value


@click.group()
def analytics() -> None:
    """Collect the help center's events and export what shoppers did not find.

    \b
    Example:
        kbgen analytics serve --db events.sqlite --allow-origin https://help.example.com
    """


def check_origins(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    origins = tuple(v.rstrip("/") for v in values)
    for origin in origins:
        if not ORIGIN.match(origin):
            raise click.BadParameter(
                f"{origin!r} is not an origin; give the scheme and host only, e.g. https://help.example.com"
            )
    return origins


@analytics.command()
@click.option("--db", required=True, callback=check_db, metavar="FILE|URL", help=DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8787, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--allow-origin", "allow_origins", multiple=True, callback=check_origins, metavar="ORIGIN",
              help="A site allowed to send events from the browser (CORS), e.g. https://help.example.com. "
                   "Repeat for several. Without it no CORS headers are sent.")
@click.option("--events", "event_files", multiple=True, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False, allow_dash=True),
              help="Import a newline-delimited JSON file of events (- for standard input), then exit. Repeatable.")
@click.option("--keep-serving", is_flag=True, help="After importing --events, start the collector as well.")
@click.option("--rate-limit", default=20.0, show_default=True, type=click.FloatRange(min=0),
              help="Requests per second one client address may send, sustained (0: no limit).")
@click.option("--burst", default=100, show_default=True, type=click.IntRange(min=1),
              help="Requests one client address may send at once before --rate-limit applies.")
@click.option("--forwarded-allow-ips", default="127.0.0.1", show_default=True,
              help="Proxies trusted to give the client address in X-Forwarded-For (comma-separated, * for any).")
@click.option("--read-timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a request may take from its first byte to its last; slower ones are closed.")
def serve(db: str, host: str, port: int, allow_origins: tuple[str, ...], event_files: tuple[str, ...],
          keep_serving: bool, rate_limit: float, burst: int, forwarded_allow_ips: str, read_timeout: float) -> None:
    """Run the event collector: POST /events stores events, GET /healthz checks it.

    Answers 204 once the events are on disk, 200 listing the rejected ones when
    only some events of a batch are valid, 400 when none is (with the reason),
    413 over 16 KiB, 415 for another content type, 429 past the rate limit.
    Stores no IP address, user agent or cookie. One collector per SQLite
    file; several may share one PostgreSQL database.

    \b
    Example:
        kbgen analytics serve --db events.sqlite --allow-origin https://help.example.com
    """
    from kbgen.analytics.store import import_ndjson, open_store

    if event_files:
        with open_store(db) as store:
            empty = [name for name in event_files if not import_file(store, name, import_ndjson)]
        if empty:
            raise KbgenError(f"every line of {', '.join(empty)} was rejected; nothing was imported from it")
        if not keep_serving:
            return

    from kbgen.analytics.collector import create_app, server_config

    store = open_store(db)  # fail here, with a clear message, if the database cannot be written
    store.close()
    app = create_app(db, allow_origins=allow_origins, rate=rate_limit, burst=burst)
    config = server_config(app, host=host, port=port, proxy_headers=True, forwarded_allow_ips=forwarded_allow_ips,
                           # a stop waits for requests still arriving (at most the read timeout)
                           timeout_graceful_shutdown=max(10, read_timeout + 1), read_timeout=read_timeout)
    with store.exclusive():
        run_collector(app, store.name, config)


class Stop:
    """SIGTERM, whenever it comes: before the server runs it is not started; while it runs it stops as Ctrl+C
    stops it. A flag rather than an exception, which could land inside the event loop's start-up and be
    lost there, leaving a collector that no signal stops."""

    def __init__(self) -> None:
        self.requested = False
        self.server = None

    def __call__(self, signum, frame) -> None:
        self.requested = True
        if self.server is not None:
            self.server.should_exit = True


def run_collector(app, db: str, config) -> None:
    """Serve ``app`` until Ctrl+C or SIGTERM, then say how many events were stored."""
    import uvicorn

    try:
        sock = config.bind_socket()
    except SystemExit:
        raise KbgenError(f"cannot listen on {config.host}:{config.port}: is another collector running there?") from None
    # uvicorn shuts down cleanly on SIGINT and SIGTERM, then raises the signal again for the handler that
    # was there before: KeyboardInterrupt for Ctrl+C, and this flag for SIGTERM (which may also come first).
    stop = Stop()
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        with sock, contextlib.suppress(KeyboardInterrupt):
            sock.listen(config.backlog)  # connections wait in the backlog from now on, not refused
            bound = sock.getsockname()
            shown = f"[{bound[0]}]" if ":" in bound[0] else bound[0]
            click.echo(f"Collecting events at http://{shown}:{bound[1]}/events into {db} (Ctrl+C to stop)")
            sys.stdout.flush()
            # The writer thread waits on fsync with the GIL released; let it have the GIL back promptly when the
            # commit returns instead of after the default 5 ms (measured: lower p99 and more events/s).
            sys.setswitchinterval(0.0005)
            stop.server = uvicorn.Server(config)
            if not stop.requested:
                stop.server.run(sockets=[sock])
    finally:
        signal.signal(signal.SIGTERM, previous)
    writer = app.state.collector.writer
    events, transactions = (writer.events, writer.transactions) if writer else (0, 0)
    click.echo(f"Stopped; stored {events} event{'s' if events != 1 else ''} "
               f"in {transactions} transaction{'s' if transactions != 1 else ''}.")


def import_file(store, name: str, import_ndjson) -> bool:
    """Import one NDJSON file and report it; False when it had lines and every one was rejected."""
    def progress(report) -> None:
        if report.imported % 100_000 < 10_000:
            click.echo(f"  {name}: {report.imported} events from {report.lines} lines so far", err=True)

    if name == "-":
        report = import_ndjson(store, sys.stdin.buffer, progress=progress)
    else:
        with open(name, "rb") as lines:
            report = import_ndjson(store, lines, progress=progress)
    for number, reason in report.rejected[:MAX_REJECTED_SHOWN]:
        click.echo(f"{name}:{number}: error: {reason}", err=True)
    if len(report.rejected) > MAX_REJECTED_SHOWN:
        click.echo(f"{name}: ... and {len(report.rejected) - MAX_REJECTED_SHOWN} more rejected lines", err=True)
    refused = len(report.rejected)
    click.echo(
        f"Imported {report.imported} event{'s' if report.imported != 1 else ''} from {name} "
        f"({report.lines} line{'s' if report.lines != 1 else ''}, {refused} rejected)"
    )
    return bool(report.imported or not refused)


@analytics.command()
@click.option("--db", required=True, callback=check_db, metavar="FILE|URL",
              help="The events database: a SQLite file or a postgresql://USER@HOST/DB URL.")
@click.option("--since", metavar="30d|DATE",
              help="Only events from this period (30d, 12h, 2w) or date (2026-11-01) on. Default: all.")
@click.option("--lang", help="Only events in this language (en also takes en-us).")
@click.option("--min-count", default=1, show_default=True, type=click.IntRange(min=1),
              help="Leave out rows seen fewer times.")
@click.option("--limit", default=1000, show_default=True, type=click.IntRange(min=0),
              help="List at most this many searches that found nothing and unknown words, most frequent first "
                   "(0: all); the nearest article is looked up for those listed.")
@click.option("--period", default="week", show_default=True, type=click.Choice(["day", "week", "month"]),
              help="The period of the self-service KPIs (UTC days, ISO weeks, calendar months).")
@click.option("--synonyms", "synonyms_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Also write synonym suggestions from visits into FILE, as a _synonyms.yml block to review "
                   "(never applied).")
@click.option("--format", "format_", type=click.Choice(["csv", "json", "md", "html"]),
              help="Output format (default: from the -o file's extension: .csv, .json, .md or .html; "
                   "md without -o).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of standard output.")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False),
              help="The built site, searched for the nearest article (default: site_dir from mkdocs.yml).")
@click.option("--draft", "draft_dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Also write a draft article for each of the top 10 gaps into DIR (never overwrites).")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False),
              help="The help center's mkdocs.yml (to find the built site).")
def export(db: str, since: str | None, lang: str | None, min_count: int, limit: int, period: str,
           synonyms_file: str | None, format_: str | None, output: str | None, site_dir: str | None,
           draft_dir: str | None, config_file: str) -> None:
    """Export what shoppers searched for and did not find, their feedback, and the self-service KPIs.

    Three lists, most frequent first: searches that found nothing (typo
    variants merged, with the nearest existing article), words the site does
    not know, and votes and comments per article and FAQ answer. Then, per
    period and language (and the help widget apart): searches, click-through,
    zero-result, helpful, contact and repeat rates, the self-service score,
    what was searched just before a contact, click-through per query, the
    busiest hours, and synonym suggestions from visits.

    \b
    Example:
        kbgen analytics export --db events.sqlite --since 30d -o gaps.html
    """
    from kbgen.analytics.export import NearestArticles, build_report, parse_since, render, write_drafts
    from kbgen.analytics.store import open_store

    format_ = format_ or (format_for(output) if output else "md")
    if lang is not None:
        from kbgen.locales import Locales, is_code

        if not is_code(lang):  # a code kbgen has no catalog for may still be in a widget's events
            message, hint = Locales().unknown(lang)
            raise KbgenError(f"--lang: {message}; {hint}")
    if output:
        check_folder(Path(output).parent, f"cannot write {output}")
    if synonyms_file:
        check_folder(Path(synonyms_file).parent, f"cannot write {synonyms_file}")
    if draft_dir:
        check_folder(Path(draft_dir), f"cannot write drafts into {draft_dir}", missing_ok=True)
        try:  # made now, so that a folder that cannot be written stops before any report is printed
            Path(draft_dir).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise KbgenError(f"cannot write drafts into {draft_dir}: {exc.strerror}") from None
        if not os.access(draft_dir, os.W_OK):
            raise KbgenError(f"cannot write drafts into {draft_dir}: it is read-only")
    start = parse_since(since) if since else None
    with open_store(db, readonly=True) as store:
        if site_dir:
            nearest = NearestArticles(Path(site_dir))
        else:
            nearest = NearestArticles(locate=lambda: find_site_dir(config_file))
        report = build_report(store, since=start, lang=lang, min_count=min_count, nearest=nearest, limit=limit,
                              period=period)
    if report.zero_results and nearest.problem:
        click.echo(f"note: {nearest.problem}; the nearest-article column is empty", err=True)
    text = render(report, format_)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8", newline="")  # the CSV's \r\n stays as it is
        except OSError as exc:
            raise KbgenError(f"cannot write {output}: {exc.strerror}") from None
        click.echo(
            f"Wrote {output}: {len(report.zero_results)} searches that found nothing, "
            f"{len(report.unmatched_words)} unknown words, {len(report.feedback)} answers with feedback", err=True,
        )
    else:
        click.echo(text, nl=False)
    if synonyms_file:
        from kbgen.analytics.synonyms import render_synonyms

        try:
            Path(synonyms_file).write_text(render_synonyms(report.synonyms, report.generated_at), encoding="utf-8")
        except OSError as exc:
            raise KbgenError(f"cannot write {synonyms_file}: {exc.strerror}") from None
        click.echo(f"Wrote {synonyms_file}: {len(report.synonyms)} synonym suggestion"
                   f"{'s' if len(report.synonyms) != 1 else ''} to review", err=True)
    if draft_dir:
        try:
            written, skipped = write_drafts(report, Path(draft_dir))
        except OSError as exc:
            raise KbgenError(f"cannot write drafts into {draft_dir}: {exc.strerror}") from None
        for path in written:
            click.echo(f"Drafted {path}", err=True)
        for path in skipped:
            click.echo(f"Kept {path}: it already exists", err=True)
        if not written and not skipped:
            click.echo("No drafts: no search found nothing in this period", err=True)


@analytics.command()
@click.option("--from", "source", required=True, callback=check_db, metavar="DB",
              help="The store to copy from: a SQLite file or a postgresql:// URL (read only).")
@click.option("--to", "target", required=True, callback=check_db, metavar="DB",
              help="The store to copy into (its table is created if missing; a SQLite file too).")
def migrate(source: str, target: str) -> None:
    """Copy every event of one store into another, e.g. SQLite's history into PostgreSQL.

    Events keep their times; the source is only read; the copy is one
    transaction, all or nothing. Refused when the target already holds the
    source's newest event (migrated before). Collectors may keep storing into
    the target meanwhile: start them on PostgreSQL, stop the SQLite collector,
    then migrate its file.

    \b
    Example:
        PGPASSWORD=... kbgen analytics migrate --from events.sqlite --to postgresql://kbgen@db.internal/kbgen
    """
    import time

    from kbgen.analytics.store import migrate as copy_events
    from kbgen.analytics.store import open_store

    started = time.monotonic()
    with open_store(source, readonly=True) as origin, open_store(target) as destination:
        moved = copy_events(origin, destination,
                            progress=lambda n: n % 100_000 == 0 and click.echo(f"  {n} events so far", err=True))
        names = (origin.name, destination.name)
    click.echo(f"Copied {moved} event{'s' if moved != 1 else ''} from {names[0]} to {names[1]} "
               f"in {time.monotonic() - started:.1f} s")


def format_for(output: str) -> str:
    """The format a known extension names; an unknown one is refused rather than guessed."""
    suffix = Path(output).suffix.lower()
    if suffix not in FORMAT_BY_SUFFIX:
        raise KbgenError(f"cannot tell the format of {output}: end its name in .csv, .json, .md or .html, "
                         "or pass --format")
    return FORMAT_BY_SUFFIX[suffix]


def check_folder(folder: Path, doing: str, *, missing_ok: bool = False) -> None:
    """Refuse early, in one line, a folder that is missing (unless it may be made) or is a file."""
    for part in (folder, *folder.parents):
        if part.exists():
            if not part.is_dir():
                raise KbgenError(f"{doing}: {part} is a file, not a folder")
            return
        if not missing_ok:
            raise KbgenError(f"{doing}: the folder {folder} does not exist")


def find_site_dir(config_file: str) -> Path | None:
    """The site_dir of mkdocs.yml, or None (with the reason left to NearestArticles) if there is none."""
    if not Path(config_file).is_file():
        return None
    from kbgen.build import load_mkdocs_config

    try:
        return Path(load_mkdocs_config(config_file).site_dir)
    except KbgenError:
        return None
