"""`make bench`: the portal at the volume of SPEC §12, measured against its physical limit and a naive peer.

    python -m bench [--smoke] [--seed-fresh] [--results DIR]

Run through ``make bench`` (which provides the benchmark's own PostgreSQL).
"""
