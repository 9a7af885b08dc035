# Build targets that are not part of the test suite.
# The interpreter the README's install command used; `make dataset PYTHON=.venv/bin/python` for a venv.
PYTHON ?= python

.PHONY: dataset
# Build zhiling/debian-instruct from scratch: fetch the pinned .debs into .cache/debs
# (the recipe's cache_dir), parse, extract, dedupe and write
# releases/zhiling/debian-instruct/<version>/.
dataset:
	$(PYTHON) -m zhiling.cli run recipes/debian-instruct.yaml

.PHONY: dataset-card
# Refresh the committed card of debian-instruct (with the report and charts it shows) from
# the release `make dataset` wrote.
dataset-card:
	cp releases/zhiling/debian-instruct/2.0.0/README.md releases/zhiling/debian-instruct/2.0.0/manifest.json releases/zhiling/debian-instruct/2.0.0/report.json dataset_card/debian-instruct/
	rm -rf dataset_card/debian-instruct/charts
	cp -r releases/zhiling/debian-instruct/2.0.0/charts dataset_card/debian-instruct/
