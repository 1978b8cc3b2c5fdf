"""outputs/manifest.json: every render's parameters, status, duration, hashes and versions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from helpers.files import write_atomic
from helpers.render import context as ctx

MANIFEST_NAME = "manifest.json"


def read_manifest(outputs_dir: Path) -> dict[str, Any]:
    """Return the manifest of earlier renders, or an empty one if it is missing or unreadable."""
    try:
        manifest = json.loads((outputs_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        return manifest if isinstance(manifest.get("renders"), dict) else {"renders": {}}
    except (OSError, ValueError):
        return {"renders": {}}


def write_manifest(
    outputs_dir: Path, manifest: dict[str, Any], base_context: dict[str, Any]
) -> None:
    """Write the manifest atomically, so it is always valid JSON."""
    manifest["git_commit"] = base_context["git_commit"]
    manifest["environment"] = ctx.describe_environment()
    write_atomic(outputs_dir / MANIFEST_NAME, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
