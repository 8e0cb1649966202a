"""redactkit: find, remove and prove the removal of personal data in UK criminal case files.

The pipeline is ``extract -> detect -> propose -> review -> apply -> verify``, one module per
stage. The command line (:mod:`redactkit.cli`) is a thin layer over the functions exported here,
which a script can call directly::

    from redactkit import scan, ScanOptions
    result = scan(["bundle/"], ScanOptions(workers=2))
    result.proposals.save("proposals.json")
"""

__version__ = "0.1.0"

_EXPORTS = {
    "scan": ("redactkit.scan", "scan"),
    "ScanOptions": ("redactkit.scan", "ScanOptions"),
    "ScanResult": ("redactkit.scan", "ScanResult"),
    "Detector": ("redactkit.detect", "Detector"),
    "load_rules": ("redactkit.rules", "load_rules"),
    "Proposals": ("redactkit.propose", "Proposals"),
    "Finding": ("redactkit.propose", "Finding"),
    "extract_page": ("redactkit.extract", "extract_page"),
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name):  # imported on first use: `import redactkit` stays cheap
    if name in _EXPORTS:
        import importlib

        module, attr = _EXPORTS[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(name)
