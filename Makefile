# The two commands of the README. Both create .venv at the repo root and install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The README's commands are the explicit local run: a secret key generated under var/, plain http
# (ipp/security.py). Without it the settings are production's and need a real SECRET_KEY.
export IPP_LOCAL ?= 1

# The .po catalogues under locale/ are compiled at install; the .mo files are not committed.
COMPILEMESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=var

.PHONY: run test install install-test lint fmt bench faults clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

# axe-core (package.json, pinned by package-lock.json): the browser journeys run it on every page.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test node_modules/.installed

# The local run's marketplace sign-in: the local OpenID Connect provider (idp/, bin/run-idp) on
# IDP_PORT, unless IPP_OIDC_* name real providers (README). seed_demo links the demo seller to it.
IDP_PORT ?= 8001
run: export IPP_OIDC_TAOBAO_DISCOVERY_URL ?= http://127.0.0.1:$(IDP_PORT)/taobao/o/.well-known/openid-configuration
run: export IPP_OIDC_TAOBAO_CLIENT_ID ?= ipp-portal-taobao
run: export IPP_OIDC_TAOBAO_CLIENT_SECRET ?= ipp-local-taobao-secret
run: export IPP_OIDC_ALIEXPRESS_DISCOVERY_URL ?= http://127.0.0.1:$(IDP_PORT)/aliexpress/o/.well-known/openid-configuration
run: export IPP_OIDC_ALIEXPRESS_CLIENT_ID ?= ipp-portal-aliexpress
run: export IPP_OIDC_ALIEXPRESS_CLIENT_SECRET ?= ipp-local-aliexpress-secret
run: export IPP_OIDC_ALIBABA_DISCOVERY_URL ?= http://127.0.0.1:$(IDP_PORT)/alibaba/o/.well-known/openid-configuration
run: export IPP_OIDC_ALIBABA_CLIENT_ID ?= ipp-portal-alibaba
run: export IPP_OIDC_ALIBABA_CLIENT_SECRET ?= ipp-local-alibaba-secret
run: export IDP_PORT := $(IDP_PORT)
run: install
	$(PY) manage.py compilemessages $(COMPILEMESSAGES_IGNORE)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo
	PORT=$(PORT) bin/run-local

test: install-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py compilemessages $(COMPILEMESSAGES_IGNORE)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-test
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Benchmarks print figures (PostgreSQL ones need BENCH_DATABASE_URL, a database named *bench*).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ipp_bench
# The list pages' bench drops and rebuilds its own two databases (this one and <name>_small).
LISTS_BENCH_DATABASE_URL ?= $(BENCH_DATABASE_URL)_lists
bench: install-test
	$(PY) bench/urlcheck.py
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/ipr_sweep.py --count 1000000
	LISTS_BENCH_DATABASE_URL=$(LISTS_BENCH_DATABASE_URL) $(PY) bench/lists.py
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/filing.py

# Fault injection: its own PostgreSQL cluster, Redis, gunicorn, worker and beat; prints figures.
faults: install-test
	$(PY) faults/run.py

clean:
	rm -rf $(VENV) var test-artifacts
