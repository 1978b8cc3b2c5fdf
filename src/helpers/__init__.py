"""Shared code for the analysis of generative-AI adoption in China (CNNIC figures)."""
