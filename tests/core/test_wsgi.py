"""The WSGI entry point gunicorn loads: every view imported, and what it loaded frozen for the GC."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import gc, json, sys
import buyersgroup.wsgi
print(json.dumps({"frozen": gc.get_freeze_count(), "views": "tenders.views" in sys.modules,
                  "left": len(gc.get_objects())}))
"""


def test_the_wsgi_module_imports_the_views_and_freezes_what_it_loaded():
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "portal.example"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=Path(__file__).resolve().parents[2],
                          capture_output=True, text=True, timeout=120, check=True)
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    assert probe["views"], "the URLconf, and so every view, is imported before the freeze"
    # Django, the apps and the views: well over 50,000 objects the collector no longer walks,
    # and next to nothing left for it after the import.
    assert probe["frozen"] > 50_000
    assert probe["left"] < probe["frozen"] / 20
