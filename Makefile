# Two commands for a newcomer: `make run` and `make test`. Both set up what they need first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup system-deps run chat test lint typecheck pytest bench clean

setup: system-deps $(STAMP)

# The sandbox needs bubblewrap. Install it with apt-get when we can (root, Debian); otherwise
# the bot still starts, with code execution disabled and the reason logged.
system-deps:
	@if ! command -v bwrap >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing bubblewrap (apt-get)"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap) >/dev/null \
				|| echo "warning: could not install bubblewrap; code execution will be disabled"; \
		else \
			echo "warning: bubblewrap missing and not root; code execution will be disabled"; \
		fi; \
	fi

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

run: setup
	$(BIN)/mca-bot run

chat: setup
	$(BIN)/mca-bot chat

lint: setup
	$(BIN)/ruff check bot cogs tests bench
	$(BIN)/mypy --strict bot cogs

pytest: setup
	$(BIN)/python -m pytest -q -p no:cacheprovider

test: lint pytest

bench: setup
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
