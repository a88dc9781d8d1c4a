"""A live server on 127.0.0.1 over a real, committed database, and Debian's chromium."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from tests.support import fresh_engine
from tracker import create_app
from tracker.db import make_sessionmaker
from tracker.migrate import upgrade
from tracker.services.demo import load_demo, new_demo_logins

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The demo's passwords are generated for each database: these are the live server's.
DEMO_LOGINS = new_demo_logins()


def demo_login() -> tuple[str, str]:
    return DEMO_LOGINS[0].email, DEMO_LOGINS[0].password


@pytest.fixture(scope="session")
def live_server(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    engine = fresh_engine(backend, "live", tmp_path_factory.mktemp(f"live-{backend}"))
    upgrade(engine)
    factory = make_sessionmaker(engine)
    with factory() as session:
        load_demo(session, logins=DEMO_LOGINS)
        session.commit()
    app = create_app(
        {
            "SECRET_KEY": "live-test",
            "TRACKER_DATABASE_URL": str(engine.url),
            "TRACKER_ENGINE": engine,
            "TRACKER_SESSIONMAKER": factory,
            "RATELIMIT_ENABLED": False,
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    engine.dispose()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:  # type: ignore[type-arg]
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def signed_in(page, live_server):  # type: ignore[no-untyped-def]
    email, password = demo_login()
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/")
    return page
