"""Batch renders: every notebook for every parameter set, exported to self-contained HTML."""
