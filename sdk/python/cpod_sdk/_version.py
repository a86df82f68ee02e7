VERSION = "0.1.0"
"""The published version of cpod-sdk; sent in ``User-Agent`` (a test keeps it equal to pyproject.toml)."""
