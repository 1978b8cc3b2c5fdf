"""outputs/manifest.json: every render's parameters, status, duration, hashes and versions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from renderer import context as ctx
from renderer.files import write_atomic

MANIFEST_NAME = "manifest.json"


def read_manifest(outputs_dir: Path) -> dict[str, Any]:
    """Return the manifest of earlier renders, keeping only entries of the expected shape.

    A missing, unreadable or hand-edited manifest costs re-running the renders it no longer
    describes, never a crash: an entry is trusted only when every field used has its type.
    """
    try:
        manifest = json.loads((outputs_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"renders": {}}
    renders = manifest.get("renders") if isinstance(manifest, dict) else None
    if not isinstance(renders, dict):
        return {"renders": {}}
    kept = {key: entry for key, entry in renders.items() if is_valid_entry(entry)}
    return {**manifest, "renders": kept}


def is_valid_entry(entry: Any) -> bool:
    """Return whether a manifest entry has the fields the renderer reads, with their types."""
    if not isinstance(entry, dict):
        return False
    texts = ("set", "notebook", "status", "key")
    return (
        all(isinstance(entry.get(name), str) for name in texts)
        and isinstance(entry.get("files"), list)
        and all(isinstance(name, str) for name in entry["files"])
        and isinstance(entry.get("duration_s"), int | float)
        and not isinstance(entry.get("duration_s"), bool)
    )


def write_manifest(
    outputs_dir: Path, manifest: dict[str, Any], base_context: dict[str, Any]
) -> None:
    """Write the manifest atomically, so it is always valid JSON."""
    manifest["git_commit"] = base_context["git_commit"]
    manifest["environment"] = ctx.describe_environment()
    write_atomic(outputs_dir / MANIFEST_NAME, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
