"""redactkit: find, remove and prove the removal of personal data in UK criminal case files.

The pipeline is ``extract -> detect -> propose -> review -> apply -> verify``, one subpackage per
stage, with shared code below them and the jobs over a bundle above them:

- :mod:`redactkit.core`: errors and exit codes, atomic writes, the offline guard, workers, progress
- :mod:`redactkit.config`: the rules folder, policies and their validation
- :mod:`redactkit.pdf`: opening inputs, the content-stream tokenizer and writer, layers, text traces
- :mod:`redactkit.model`: detections, findings and the proposals file (the contract between stages)
- :mod:`redactkit.extract`: page text, and OCR of scanned pages
- :mod:`redactkit.detect`: Presidio and the rules, people, the bundle-wide pass, OCR slips
- :mod:`redactkit.review`: decisions and previews
- :mod:`redactkit.apply`: one document redacted (pages, widths, cleaning, text layer, the log)
- :mod:`redactkit.verify`: one module per check, and the report
- :mod:`redactkit.jobs`: scan, apply, verify and run over a whole bundle

Imports only go downwards (``tests/test_layers.py`` checks it). The command line
(:mod:`redactkit.cli`) is a thin layer over the functions exported here, which a script can call
directly::

    from redactkit import scan, ScanOptions
    result = scan(["bundle/"], ScanOptions(workers=2))
    result.proposals.save("proposals.json")
"""

__version__ = "0.1.0"

_EXPORTS = {
    "scan": ("redactkit.jobs.scan", "scan"),
    "ScanOptions": ("redactkit.jobs.scan", "ScanOptions"),
    "ScanResult": ("redactkit.jobs.scan", "ScanResult"),
    "apply": ("redactkit.jobs.apply", "apply"),
    "ApplyOptions": ("redactkit.apply.document", "ApplyOptions"),
    "ApplyResult": ("redactkit.apply.document", "ApplyResult"),
    "verify": ("redactkit.jobs.verify", "verify"),
    "VerifyOptions": ("redactkit.verify.document", "VerifyOptions"),
    "VerifyResult": ("redactkit.jobs.verify", "VerifyResult"),
    "run": ("redactkit.jobs.run", "run"),
    "RunOptions": ("redactkit.jobs.run", "RunOptions"),
    "RunResult": ("redactkit.jobs.run", "RunResult"),
    "Detector": ("redactkit.detect.engine", "Detector"),
    "load_rules": ("redactkit.config.rules", "load_rules"),
    "Proposals": ("redactkit.model.proposals", "Proposals"),
    "Finding": ("redactkit.model.proposals", "Finding"),
    "extract_page": ("redactkit.extract.text", "extract_page"),
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name):  # imported on first use: `import redactkit` stays cheap
    if name in _EXPORTS:
        import importlib

        module, attr = _EXPORTS[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(name)


def _keep_api_names() -> None:
    """`apply` and `verify` are both API functions and stage subpackages. Importing a submodule
    sets it as an attribute of its package, which would make `from redactkit import apply` give
    the subpackage once anything had imported it; the functions win, the subpackages stay in
    sys.modules: ``from redactkit.apply.document import X`` and ``from redactkit.apply import page``
    work as ever; ``import redactkit.apply.document as d`` does not (it looks the name up as an
    attribute)."""
    import sys
    import types

    class _Package(types.ModuleType):
        def __setattr__(self, name, value):
            if name in _EXPORTS and isinstance(value, types.ModuleType):
                return
            super().__setattr__(name, value)

    sys.modules[__name__].__class__ = _Package


_keep_api_names()
