"""The renderer's one door into the analysis it renders: the seam module the project names."""

from __future__ import annotations

import importlib
from types import ModuleType

# The module that tells the renderer about the project: paths, inputs, parameter rule, index.
SEAM_MODULE = "helpers.seam"

seam: ModuleType = importlib.import_module(SEAM_MODULE)
