.PHONY: setup sample test model eval bench
setup:
	python3 -m venv .venv && .venv/bin/pip install -q --upgrade pip && .venv/bin/pip install -q -e '.[test]'
sample: setup
	.venv/bin/kliping extract samples/pages.jsonl --format pretty
test:
	bash .ci/run
# reproduce the packaged line-role model from the labelled dev pages (needs ../shared)
model:
	.venv/bin/kliping train ../shared/data/dev/labelled.jsonl data/labels/*.jsonl
eval:
	.venv/bin/kliping eval --cv ../shared/data/dev/labelled.jsonl data/labels/*.jsonl
