"""The ``toc-editor`` command (also ``flask --app toc_editor``).

Commands: ``init-db``, ``create-user``, ``seed``, ``import``, ``export``, ``render``, ``serve``.
Run ``toc-editor COMMAND --help`` for each one's options.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

DEMO_USER = "demo"  # services/seed.py's DEMO_USER
DEMO_PASSWORD_DEFAULT = "demo-password"


def _ctx(username: str | None = None) -> Any:
    """A use-case context in a unit of work of its own, acting as ``username``."""
    from .services import accounts
    from .services.context import Ctx

    c = Ctx(current_app.extensions["toc_unit_of_work"]())
    if username:
        c.user = accounts.user_named(c, username)
        if c.user is None:
            raise click.ClickException(f"no user {username!r}; create one with create-user")
    return c


def _fail_on_service_error(fn: Any) -> Any:
    import functools

    from .domain.errors import TocError
    from .services.errors import ServiceError

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (ServiceError, TocError) as exc:
            where = f" ({exc.where})" if exc.where else ""
            raise click.ClickException(f"{exc.message}{where}") from None

    return wrapper


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database schema (Alembic migrations), then index the boxes of
    graphs made before explore's search index, and the indicators that report to a
    framework's shared ones if none are indexed yet (once; later runs find none to do)."""
    from flask_migrate import upgrade

    from .services import explore, reports_to

    upgrade()
    indexed = explore.index_missing(_ctx())
    if indexed:
        click.echo(f"indexed the boxes of {indexed} graphs for explore")
    reporting = reports_to.index_missing_reports(_ctx())
    if reporting:
        click.echo(f"indexed the indicators of {reporting} graphs that report to shared ones")
    click.echo(f"database ready: {_safe_url(current_app.config['SQLALCHEMY_DATABASE_URI'])}")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@click.command("create-user")
@click.argument("username")
@click.option("--email", default=None, help="defaults to USERNAME@localhost")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@with_appcontext
@_fail_on_service_error
def create_user(username: str, email: str | None, password: str) -> None:
    """Create a user account."""
    from .services import accounts

    c = _ctx()
    accounts.register(c, username, email or f"{username}@localhost", password)
    click.echo(f"created user {username}")


@click.command("seed")
@click.option(
    "--password",
    envvar="TOC_DEMO_PASSWORD",
    default=DEMO_PASSWORD_DEFAULT,
    show_default=True,
    help="password of the demo user (env TOC_DEMO_PASSWORD)",
)
@with_appcontext
@_fail_on_service_error
def seed(password: str) -> None:
    """Load seed_graphs/ into organisations owned by the user 'demo', each ToC with the
    history its story tells (seed_graphs/history/); skips what exists."""
    from .services import seed as seeding

    loaded = seeding.seed(_ctx(), password, echo=lambda line: click.echo(f"  {line}"))
    click.echo(
        f"seed graphs loaded: {len(loaded)} new; sign in as {seeding.DEMO_USER} / {password}"
    )


def _split_target(target: str) -> tuple[str, str, str | None]:
    org_graph, _, ref = target.partition("@")
    org, _, graph = org_graph.partition("/")
    if not org or not graph:
        raise click.BadParameter("write ORG/GRAPH or ORG/GRAPH@REF")
    return org, graph, ref or None


@click.command("import")
@click.argument("target")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "username", default=DEMO_USER, show_default=True)
@click.option("--message", default=None)
@click.option("--title", default=None, help="title when the graph is created")
@click.option(
    "--visibility",
    type=click.Choice(["private", "public"]),
    default="private",
    show_default=True,
    help="when the graph is created",
)
@with_appcontext
@_fail_on_service_error
def import_(
    target: str,
    file: Path,
    username: str,
    message: str | None,
    title: str | None,
    visibility: str,
) -> None:
    """Import FILE (JSON, GraphML or CSV zip) into ORG/GRAPH[@BRANCH], creating the graph
    if it does not exist."""
    from .services import access, imports
    from .services.errors import NotFound

    org, slug, branch = _split_target(target)
    c = _ctx(username)
    data = file.read_bytes()
    text = message or f"Import {file.name}"
    try:
        access.readable_graph(c, org, slug)
    except NotFound:
        imports.create_from_file(
            c, org, slug, data, file.name, title=title, visibility=visibility, message=text
        )
        click.echo(f"created {org}/{slug} from {file.name}")
        return
    row = imports.import_file(c, org, slug, branch or "main", data, file.name, text)
    click.echo(f"committed {row.id[:10]} on {org}/{slug}@{branch or 'main'}")


@click.command("export")
@click.argument("target")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="file name; its ending chooses the format (.json .graphml .csv.zip ...)",
)
@with_appcontext
@_fail_on_service_error
def export(target: str, output: Path) -> None:
    """Export ORG/GRAPH[@REF] to a file."""
    _write_export(target, output, render=False)


@click.command("render")
@click.argument("target")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="file name; its ending chooses the format (.svg .png .pdf .dot .json)",
)
@click.option("--direction", type=click.Choice(["BT", "LR"]), default="BT", show_default=True)
@with_appcontext
@_fail_on_service_error
def render(target: str, output: Path, direction: str) -> None:
    """Draw ORG/GRAPH[@REF] with Graphviz into a file."""
    _write_export(target, output, render=True, direction=direction)


def _write_export(target: str, output: Path, *, render: bool, direction: str = "BT") -> None:
    from .services import access, accounts, diagrams, exports, graphs

    org, slug, ref = _split_target(target)
    c = _ctx()
    c.user = accounts.first_owner(c, org)  # the CLI runs on the server: it reads as an owner
    graph = access.readable_graph(c, org, slug)
    commit = graphs.resolve(c, graph, ref or graph.default_branch)
    timeout = current_app.config["TOC_RENDER_TIMEOUT"]
    if render:
        fmt = output.suffix.lstrip(".").lower()
        if fmt not in diagrams.FORMATS:
            raise click.BadParameter(
                f"choose one of {', '.join(diagrams.FORMATS)}", param_hint="--output"
            )
        _, body = diagrams.diagram(c, graph, commit, fmt, {"direction": direction}, timeout)
    else:
        _, suffix = exports.split_ref(output.name)
        body = exports.export(c, graph, commit, suffix, timeout, ref=ref or "").body
    output.write_bytes(body)
    click.echo(f"wrote {output} ({len(body):,} bytes) from {org}/{slug}@{commit.id[:10]}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--port",
    type=int,
    default=lambda: int(os.environ.get("PORT", 8000)),
    show_default="$PORT or 8000",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    help="processes (above 1 needs PostgreSQL, whose live bus reaches every process)",
)
@click.option(
    "--threads", default=8, show_default=True, help="request threads per process (live "
    "streams need none: they wait on the event loop)",
)  # fmt: skip
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the app (uvicorn): the API, the editor and the live stream on one port."""
    from .config import database_url
    from .server import serve as run_server

    url = database_url(os.environ.get("TOC_INSTANCE_PATH") or "instance")
    click.echo(f"toc-editor on http://{host}:{port}  (API docs: http://{host}:{port}/api/docs)")
    run_server(host, port, workers, threads, url)


COMMANDS = (init_db, create_user, seed, import_, export, render)


def init_app(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)


def _create_app() -> Flask:
    from . import create_app

    return create_app()


@click.group(
    cls=FlaskGroup, create_app=_create_app, add_default_commands=False, add_version_option=False
)
def main() -> None:
    """toc-editor: versioned theories of change."""


main.add_command(serve)

if __name__ == "__main__":
    sys.exit(main())
