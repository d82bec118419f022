"""claims: typed, unit-normalised quantitative claims from ML/LLM papers.

    from claims import extract, extract_frame, build_tables, load_tables
"""
__version__ = "0.1.0"


def __getattr__(name):  # keep `import claims` light; load the pipeline on first use
    if name in ("Claim", "Paper"):
        from . import models

        return getattr(models, name)
    if name in ("extract", "extract_frame", "extract_records"):
        from . import api

        return getattr(api, name)
    if name in ("build_tables", "load_tables"):
        from . import tables

        return getattr(tables, name)
    raise AttributeError(name)


__all__ = ["Claim", "Paper", "extract", "extract_frame", "extract_records", "build_tables", "load_tables"]
