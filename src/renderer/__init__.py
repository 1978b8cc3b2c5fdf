"""Batch renders: every notebook for every parameter set, exported to self-contained HTML."""

import sys

# jsonschema imports this optional URI checker at start-up (about 2 s of every Jupyter process
# start) and no render needs it. Blocking it here covers the command and every worker, since
# each imports this package before papermill, nbformat or nbconvert.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
