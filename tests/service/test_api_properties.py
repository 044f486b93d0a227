"""Property tests over the OpenAPI document: whatever schemathesis sends, the API never answers 5xx."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings as hypothesis_settings

from complaints.keys import create_key
from complaints.store import open_db
from service.app import create_app
from service.settings import Settings
from tests.service.conftest import build

_folder = Path(tempfile.mkdtemp(prefix="complaints-props-"))
_settings = Settings(db=_folder / "props.db", model_dir=_folder / "models")
_db = open_db(_settings.db)
build(_db)
ADMIN_KEY = create_key(_db, "admin", "schemathesis")
_db.close()

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_settings))


@schema.parametrize()
@hypothesis_settings(max_examples=25, deadline=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    response = case.call(headers={"X-API-Key": ADMIN_KEY})
    assert response.status_code < 500, f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:300]}"
    if response.status_code >= 400:
        content_type = response.headers["content-type"]
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        assert content_type.startswith("application/problem+json"), f"{case.method} {case.formatted_path}: {content_type}"
