"""Fill unfinished entries of the Chinese catalogue from a JSON map {source: translation}.

Usage: python scripts/fill-translations.py MAP.json  (after scripts/update-translations.sh)
Edits the .ts as text, in lupdate's own escaping, so the diff shows only the new entries;
prints the sources still unfinished afterwards.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

TS = Path(__file__).resolve().parent.parent / "resources/translations/watchroom_zh_CN.ts"
UNFINISHED = re.compile(
    r"(<source>)(?P<source>[^<]*)(</source>\s*<translation) type=\"unfinished\">"
    r"(?P<old>[^<]*)(</translation>)")


def escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;"))


def unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def main(map_path: str) -> int:
    wanted: dict[str, str] = json.loads(Path(map_path).read_text(encoding="utf-8"))
    left: list[str] = []

    def fill(match: re.Match[str]) -> str:
        source = unescape(match.group("source"))
        if source not in wanted:
            left.append(source)
            return match.group(0)
        return (f"{match.group(1)}{match.group('source')}{match.group(3)}>"
                f"{escape(wanted[source])}{match.group(5)}")

    text = UNFINISHED.sub(fill, TS.read_text(encoding="utf-8"))
    TS.write_text(text, encoding="utf-8")
    for source in left:
        print(f"unfinished: {source}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
