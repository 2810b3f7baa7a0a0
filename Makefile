# kosguide — 常用命令。第一次使用只需要两条：make serve（构建并在本机预览课程）和 make test（运行全部测试）。
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
PREFIX ?= /
DEPS_STAMP := $(VENV)/.deps-stamp
JB_FLAGS := --builder html -W -n --keep-going

.PHONY: help venv deps system-deps book serve test test-unit test-notebooks test-browser lint bench clean

help:
	@echo "make serve   构建整本课程并在 http://$(HOST):$(PORT) 预览"
	@echo "make test    安装测试所需的一切并运行全部测试（单元、练习册、浏览器）"
	@echo "make book    只构建课程网站（输出在 _build/html）"
	@echo "make bench   打印构建与测试耗时"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更高版本")'
	$(PYTHON) -m venv $(VENV)

venv: $(BIN)/python

# Reinstall when the project's dependencies change.
$(DEPS_STAMP): pyproject.toml | $(BIN)/python
	@echo "[安装] Python 依赖（首次需要几分钟）……"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[book,test,serve]"
	@touch $@

deps: $(DEPS_STAMP)

system-deps:
	@bash tools/ensure_system_deps.sh

book: deps
	@echo "[构建] 课程网站 → _build/html（严格模式：任何警告都视为错误）"
	$(BIN)/jupyter-book build . $(JB_FLAGS)
	$(BIN)/python tools/serve.py --compress _build/html
	@echo "[完成] 打开 _build/html/index.html，或运行 make serve"

serve: book
	@echo ""
	@echo "课程已构建。请在浏览器中打开：  http://$(HOST):$(PORT)$(PREFIX)"
	@echo "（按 Ctrl+C 停止。培训教室里可用 make serve HOST=0.0.0.0 让同一局域网的学员访问。）"
	$(BIN)/python tools/serve.py --host $(HOST) --port $(PORT) --prefix $(PREFIX) _build/html

lint: deps
	$(BIN)/ruff check .

test-unit: deps
	$(BIN)/pytest tests/unit

test-notebooks: deps
	$(BIN)/pytest --nbval-lax --nbval-current-env workbooks

test-browser: deps system-deps
	$(BIN)/pytest tests/browser

# The whole suite: lint, then one pytest run over unit tests, workbooks (nbval) and the browser.
test: deps system-deps
	$(BIN)/ruff check .
	$(MAKE) --no-print-directory book
	$(BIN)/pytest tests workbooks --nbval-lax --nbval-current-env --durations=15

bench: deps system-deps
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[bench]"
	$(BIN)/python tools/bench.py

clean:
	rm -rf _build tests/artifacts .pytest_cache
