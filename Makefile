# Two commands for a newcomer: `make run` and `make test`. Both set up what they need first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
INTENT_DIR   := config/guards/intent
INTENT_MODEL := $(INTENT_DIR)/examples/model.npz
TOML_COPY    := config/.parsed-toml

.PHONY: setup system-deps lint-deps postgres-deps lb-deps sandbox-packages run chat test lint typecheck pytest bench load load-fleet clean

setup: system-deps $(STAMP) sandbox-packages $(INTENT_MODEL) $(TOML_COPY)

# Install a Debian package with apt-get when what it provides is missing (root only);
# otherwise warn and go on. $(1): shell test that is true when missing, $(2): what we print
# when installing, $(3): apt-get install arguments, $(4): warning when the install failed,
# $(5): warning when we cannot install (not root, no apt-get).
define apt_install
	@if $(1); then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
			echo "$(2)"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(3)) >/dev/null \
				|| echo "warning: $(4)"; \
		else \
			echo "warning: $(5)"; \
		fi; \
	fi
endef

# The intent guard's model is fitted from the corpus and lexicons under config/guards/intent
# and the knowledge units (its ordinary texts; a build product, kept out of git): refitted
# here whenever one of them changed.
$(INTENT_MODEL): $(STAMP) $(wildcard $(INTENT_DIR)/*.toml) $(INTENT_DIR)/examples/corpus.toml $(wildcard config/knowledge/units/*.toml)
	$(BIN)/python -m bot.mentor.intent.refit

# The shipped TOML, parsed once (bot/text/toml_files.py): a start reads it instead of parsing
# ~150 files. A build product like the model; a file changed since is simply parsed again.
$(TOML_COPY): $(STAMP) $(shell find config -name '*.toml')
	$(BIN)/python -m bot.text.toml_files config

# The sandbox needs bubblewrap. Install it with apt-get when we can (root, Debian); otherwise
# the bot still starts, with code execution disabled and the reason logged.
system-deps:
	$(call apt_install,! command -v bwrap >/dev/null 2>&1,installing bubblewrap (apt-get),bubblewrap,could not install bubblewrap; code execution will be disabled,bubblewrap missing and not root; code execution will be disabled)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# The jail's read-only package set (the list is the sandbox setting `packages`), installed
# world-readable so the unprivileged jail uid can import it, and compiled to bytecode by the
# jail's own interpreter (which cannot write .pyc files in the jail). Needs root.
SANDBOX_PACKAGES_DIR := /opt/mca-sandbox/site-packages
sandbox-packages: $(STAMP)
	@if [ "$$(id -u)" != "0" ]; then \
		echo "note: not root: skipping the sandbox package set ($(SANDBOX_PACKAGES_DIR))"; \
	else \
		pkgs="$$($(BIN)/python -c 'from bot.sandbox.settings import SandboxSettings as S; print(" ".join(S().packages))')"; \
		if [ "$$(cat $(SANDBOX_PACKAGES_DIR)/.mca-packages 2>/dev/null)" != "$$pkgs" ]; then \
			echo "installing the sandbox package set: $$pkgs"; \
			rm -rf $(SANDBOX_PACKAGES_DIR) && mkdir -p $(SANDBOX_PACKAGES_DIR) && \
			$(BIN)/python -m pip install -q --disable-pip-version-check --no-compile \
				--only-binary=:all: --target $(SANDBOX_PACKAGES_DIR) $$pkgs && \
			echo "$$pkgs" > $(SANDBOX_PACKAGES_DIR)/.mca-packages && \
			chmod -R a+rX /opt/mca-sandbox \
			|| echo "warning: could not install the sandbox package set"; \
		fi; \
		jail_python="$$($(BIN)/python -c 'from bot.sandbox.settings import SandboxSettings as S; print(S().python)')"; \
		"$$jail_python" -m compileall -q -j 0 $(SANDBOX_PACKAGES_DIR) >/dev/null 2>&1 \
			&& chmod -R a+rX /opt/mca-sandbox \
			|| echo "warning: could not compile the sandbox package set to bytecode"; \
	fi

run: setup
	$(BIN)/mca-bot run

chat: setup
	$(BIN)/mca-bot chat

# promtool (Debian's prometheus package) validates the shipped alert rules.
lint-deps:
	$(call apt_install,! command -v promtool >/dev/null 2>&1,installing promtool (apt-get install prometheus),--no-install-recommends prometheus,could not install promtool; alert rules not validated,promtool missing and not root; alert rules not validated)

lint: setup lint-deps
	$(BIN)/ruff check bot cogs tests bench
	$(BIN)/mypy --strict bot cogs
	$(BIN)/lint-imports
	@if command -v promtool >/dev/null 2>&1; then \
		promtool check rules deploy/prometheus/alerts.yml && \
		promtool test rules deploy/prometheus/alerts_test.yml; \
	fi

# The store tests run on SQLite and on PostgreSQL: the suite starts a throwaway cluster
# (initdb + pg_ctl in a temp dir, as the `postgres` user when root) and stops it at the end.
# Install the server with apt-get when it is missing; CI fails rather than skip those tests.
postgres-deps:
	$(call apt_install,! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1,installing PostgreSQL (apt-get install postgresql),--no-install-recommends postgresql postgresql-client,could not install PostgreSQL; its store tests will not run,PostgreSQL missing and not root; its store tests are skipped)

# Several bot processes behind a real load balancer (tests/fleet, bench/load.py --processes):
# HAProxy from Debian's packages, installed like PostgreSQL when it is missing.
lb-deps:
	$(call apt_install,! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ],installing HAProxy (apt-get install haproxy),--no-install-recommends haproxy,could not install HAProxy; the load-balancer tests will not run,HAProxy missing and not root; the load-balancer tests are skipped)

pytest: setup postgres-deps lb-deps
	$(BIN)/python -m pytest -q -p no:cacheprovider

test: lint pytest

bench: setup
	@for b in bench/bench_*.py bench/pedagogy.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# The whole bot under load (real process, Slack + Discord fakes, fake LLM): the steady load
# (learners think 60 s) takes about 10 minutes; then the 8 s burst at 100 and 500 threads.
load: setup postgres-deps lb-deps
	$(BIN)/python bench/load.py
	$(BIN)/python bench/load.py --levels 100,500 --think 8

# Issue 18's table on a quiet host: 1, 2 and 4 processes on SQLite and on a PostgreSQL cluster
# the bench starts itself, at a learner's pace, in the 8 s burst, and one of two processes
# SIGKILLed in the burst (see docs/scaling.md for how long it takes).
load-fleet: setup postgres-deps lb-deps
	$(BIN)/python bench/load.py --store postgres --processes 1,2,4 --scenarios steady,burst,kill \
		--levels 500 --table-out load-fleet.md

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
