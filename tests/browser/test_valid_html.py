"""The pages the journeys visited are valid HTML, by the Nu Html Checker (vnu-jar from npm).

Runs after the journeys (files run in name order) over the HTML they saved; skipped, saying
why, where Java or the checker is missing (`.ci/run` installs the checker with npm).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

VNU_JAR = Path(
    os.environ.get(
        "VNU_JAR",
        Path(settings.BASE_DIR) / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar",
    )
)


def test_visited_pages_are_valid_html(artifacts_dir):
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.skip(f"HTML check skipped: needs java and {VNU_JAR} (npm install vnu-jar)")
    pages = sorted((artifacts_dir / "html").glob("*.html"))
    if not pages:
        pytest.skip("HTML check skipped: no journey saved a page in this run")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    (artifacts_dir / "html-check.json").write_text(
        json.dumps({"pages": len(pages), "errors": errors}, ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    assert errors == []
