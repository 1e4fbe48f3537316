"""Schemathesis hooks for scripts/api-contract: log in as one demo account (RUKO_CONTRACT_USER,
password rukodemo) on the server at RUKO_CONTRACT_BASE and send its bearer token.

DELETE /api/v1/auth/token revokes the token it is sent with, so each of those calls gets a
token of its own; every other call shares one.
"""

import json
import os
import urllib.request

import schemathesis

BASE = os.environ.get("RUKO_CONTRACT_BASE", "http://127.0.0.1:8000")
USER = os.environ.get("RUKO_CONTRACT_USER", "camat")


def login() -> str:
    body = json.dumps({"username": USER, "password": "rukodemo", "name": "api-contract"})
    request = urllib.request.Request(
        f"{BASE}/api/v1/auth/token",
        data=body.encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["token"]


@schemathesis.auth(refresh_interval=None)
class RukoToken:
    shared: str | None = None

    def get(self, case, context):
        if case.method.upper() == "DELETE" and case.path.endswith("/auth/token"):
            return login()  # a throwaway, for this call to revoke
        if RukoToken.shared is None:
            RukoToken.shared = login()
        return RukoToken.shared

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}
