"""Developer tools of the reachable project that are not part of the installed package.

``tools.samplegen`` builds the deterministic sample LinkedIn exports and address books
used by the README, the end-to-end tests and the benchmarks; ``tools.samplechannels`` the
sample's Google Takeout (mail and calendar) beside them.
"""
