"""Stage 6, verify: prove that nothing redacted can be recovered, from any PDF.

One module per check (:mod:`.visibility`, :mod:`.images`, :mod:`.residue`, :mod:`.channels`,
:mod:`.revisions`, :mod:`.secrets`), the report (:mod:`.model`) and one document checked with all
of them (:mod:`.document`). The job over a bundle is :mod:`redactkit.jobs.verify`.
"""
