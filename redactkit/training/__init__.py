"""Training material: fictional case bundles with answer keys, badly redacted copies for
quality-check practice, trainee exercises and their grading.

Above the jobs (it grades with verify's checks and the scanner's reading) and below the CLI.
"""
