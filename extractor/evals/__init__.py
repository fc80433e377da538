"""The evaluation harness: gold files, suites, scorers, stored runs, comparisons and the CI gate.

``nianbao gold check`` validates the gold files; ``nianbao eval run|score|compare`` runs a suite, re-scores
a stored run and compares two runs (see docs/eval.md).
"""
