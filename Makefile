# The two set-up commands: `make demo` runs the local end-to-end demo,
# `make test` runs every test. Each installs what it needs first.

.PHONY: demo test build bench load clean

demo:
	scripts/demo.sh

test:
	scripts/test.sh

build:
	cargo build --workspace --bins

bench:
	cargo bench -p agentsec-sigv4 --bench verify

load:
	scripts/load.sh

clean:
	cargo clean
	rm -rf .run
