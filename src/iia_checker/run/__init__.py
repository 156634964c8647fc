"""One batch run: a frozen plan, workers, waivers, baselines, provenance, config."""
