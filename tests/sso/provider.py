"""A real OpenID Connect provider (tests/sso/provider.mjs, npm's oidc-provider run by Node) on
127.0.0.1, and a person signing in at it: what a browser does, done with requests."""

import json
import re
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import requests

SCRIPT = Path(__file__).resolve().parent / "provider.mjs"
CLIENT_ID = "equality-tracker"
CLIENT_SECRET = "test-client-secret"
GROUP_OFFICERS = "3f2a9c1e-officers-cwb"
GROUP_MANAGERS = "senior-managers"
GROUP_ADMINS = "plan-admins"
# Login name (and subject) -> claims. Groups are as Entra ID sends them: object ids (or names).
USERS = {
    "olu": {
        "name": "Olu Officer",
        "given_name": "Olu",
        "family_name": "Officer",
        "preferred_username": "olu.officer@council.example",
        "email": "olu.officer@council.example",
        "groups": [GROUP_OFFICERS, "all-staff"],
    },
    "sam": {
        "name": "Sam Manager",
        "email": "sam.manager@council.example",
        "groups": [GROUP_MANAGERS],
    },
    "nobody": {
        "name": "Nadia Nobody",
        "email": "nadia@council.example",
        "groups": ["all-staff"],
    },
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Provider:
    issuer: str
    users_file: Path

    def reset_users(self) -> None:
        self.users_file.write_text(json.dumps(USERS))

    def set_groups(self, login: str, groups: list[str]) -> None:
        users = json.loads(self.users_file.read_text())
        users[login]["groups"] = groups
        self.users_file.write_text(json.dumps(users))

    def sign_in(self, authorize_url: str, login: str, browser: requests.Session) -> str:
        """Signs in as `login` from the provider's authorize URL with the development login form,
        and returns the URL the provider sends the browser back to."""
        url, response = authorize_url, None
        for _ in range(10):
            response = browser.get(url, allow_redirects=False)
            if response.status_code == 200 and 'name="login"' in response.text:
                action = unescape(re.search(r'<form[^>]+action="([^"]+)"', response.text)[1])
                response = browser.post(
                    urljoin(url, action),
                    data={"prompt": "login", "login": login, "password": "any"},
                    allow_redirects=False,
                )
            if response.status_code not in (302, 303):
                raise AssertionError(f"provider answered {response.status_code}: {response.text}")
            url = urljoin(url, response.headers["Location"])
            if not url.startswith(self.issuer):
                return url
        raise AssertionError("the provider never sent the browser back")


@contextmanager
def running_provider(
    directory: Path, *, redirect_uri: str, signed_out_uri: str
) -> Iterator[Provider]:
    """A provider on a free port, with signing keys of its own; stopped at the end."""
    port = free_port()
    directory.mkdir(parents=True, exist_ok=True)
    users_file = directory / "users.json"
    issuer = f"http://127.0.0.1:{port}"
    config = {
        "port": port,
        "issuer": issuer,
        "users_file": str(users_file),
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "token_endpoint_auth_method": "client_secret_post",
                "redirect_uris": [redirect_uri],
                "post_logout_redirect_uris": [signed_out_uri],
            }
        ],
    }
    Provider(issuer, users_file).reset_users()
    config_file = directory / "config.json"
    config_file.write_text(json.dumps(config))
    process = subprocess.Popen(  # noqa: S603 - Node running our own script
        [shutil.which("node") or "node", str(SCRIPT), str(config_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    ready = threading.Event()
    threading.Thread(target=lambda: process.stdout.readline() and ready.set(), daemon=True).start()
    try:
        if not ready.wait(20):
            raise RuntimeError("the test OpenID Connect provider did not start within 20 s")
        yield Provider(issuer=issuer, users_file=users_file)
    finally:
        process.terminate()
        process.wait(10)
