#!/usr/bin/env bash
# Re-read every tr()/translate() string of the GUI (widgets/**/*.py, console/**/*.py for
# the printed reports, main.py) into the
# Chinese catalogue, keeping the translations it already has. New strings arrive as
# "unfinished": translate them (pyside6-linguist, or any editor), then run
#   .venv/bin/pytest -q tests/unit/core/test_translations.py
# which fails while any string is untranslated or missing. The .qm is not committed:
# `make` and the console's start-up compile it from the .ts (pyside6-lrelease).
set -euo pipefail
cd "$(dirname "$0")/.."
LUPDATE=".venv/bin/pyside6-lupdate"
[ -x "$LUPDATE" ] || LUPDATE="$(command -v pyside6-lupdate)"
# console/ too: its printed reports take Qt's translate() as a parameter.
mapfile -t SOURCES < <(find widgets console -name '*.py' | sort)
"$LUPDATE" "${SOURCES[@]}" main.py \
  -source-language en -target-language zh_CN -locations none -no-obsolete \
  -ts resources/translations/watchroom_zh_CN.ts
if [ "${1:-}" = "--release" ]; then
  LRELEASE=".venv/bin/pyside6-lrelease"
  [ -x "$LRELEASE" ] || LRELEASE="$(command -v pyside6-lrelease)"
  "$LRELEASE" -silent resources/translations/watchroom_zh_CN.ts
fi
grep -c 'type="unfinished"' resources/translations/watchroom_zh_CN.ts \
  | sed 's/^/strings still to translate: /' || true
