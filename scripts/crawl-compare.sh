#!/usr/bin/env bash
# crawl-compare.sh: govops's crawler beside linkchecker and linkinator on
# one generated local site (10,000 pages, 100,000 links, 200 broken), at
# concurrency 8, in one run. It installs the two tools when they are
# missing (linkchecker from the distribution's packages, linkinator 6.3.0
# from npm into a cache folder) and skips each, saying why, when it
# cannot. Not part of CI: it takes minutes. Extra arguments go to the Go
# program (see scripts/crawlcompare/main.go), for example -pages 1000.
set -euo pipefail
cd "$(dirname "$0")/.."

tools="${CRAWLCOMPARE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/govops-crawlcompare}"
mkdir -p "$tools"

linkchecker=""
if command -v linkchecker >/dev/null 2>&1; then
	linkchecker="$(command -v linkchecker)"
elif command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	echo "crawl-compare: installing linkchecker (apt-get)" >&2
	if apt-get install -y -qq linkchecker >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq linkchecker >/dev/null 2>&1; }; then
		linkchecker="$(command -v linkchecker)"
	else
		echo "crawl-compare: linkchecker could not be installed with apt-get; it is skipped" >&2
	fi
else
	echo "crawl-compare: linkchecker is missing and apt-get is not available as root; it is skipped" >&2
fi

linkinator=""
bin="$tools/node_modules/.bin/linkinator"
if [ -x "$bin" ]; then
	linkinator="$bin"
elif ! command -v npm >/dev/null 2>&1; then
	echo "crawl-compare: npm is missing; linkinator is skipped" >&2
elif [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -lt 18 ]; then
	echo "crawl-compare: linkinator 6.3.0 needs Node 18 or later; it is skipped" >&2
else
	# 6.3.0: linkinator 8 needs Node 22, and these machines have Node 20.
	echo "crawl-compare: installing linkinator 6.3.0 (npm) into $tools" >&2
	if npm install --silent --prefix "$tools" linkinator@6.3.0 >/dev/null 2>&1 && [ -x "$bin" ]; then
		linkinator="$bin"
	else
		echo "crawl-compare: linkinator could not be installed with npm; it is skipped" >&2
	fi
fi

echo "+ go run ./scripts/crawlcompare -linkchecker '$linkchecker' -linkinator '$linkinator' $*" >&2
exec go run ./scripts/crawlcompare -linkchecker "$linkchecker" -linkinator "$linkinator" "$@"
