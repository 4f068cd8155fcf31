#!/usr/bin/env bash
# Rebuilds the fonts of this folder from Debian's font packages. Run by hand after
# changing what the maps print; never run by CI or the tests (the fonts are committed).
#
#   apt-get install fonts-dejavu-core fonts-wqy-microhei
#   pip install fonttools==4.66.1
#   data/fonts/make_subset.sh
#
# DejaVu Sans is copied unchanged. WenQuanYi Micro Hei (face 0 of the .ttc) is cut down to
# the 6,763 hanzi and 682 symbols of GB2312 (levels 1 and 2, decoded by Python's own
# codec, so no character list is downloaded), Latin, general punctuation, CJK symbols and
# punctuation, full-width forms, and every non-ASCII character of src/render/*.rs (the
# words the maps print). The output is the same bytes for the same inputs.
set -euo pipefail
cd "$(dirname "$0")"

dejavu=/usr/share/fonts/truetype/dejavu
wqy=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc

cp "$dejavu/DejaVuSans.ttf" "$dejavu/DejaVuSans-Bold.ttf" .

chars=$(mktemp)
trap 'rm -f "$chars"' EXIT
python3 - "$chars" ../../src/render/*.rs <<'PY'
import sys

out, sources = sys.argv[1], sys.argv[2:]
chars = set()
# GB2312 rows 1-9 (symbols), 16-55 (level 1 hanzi), 56-87 (level 2 hanzi).
for row in list(range(1, 10)) + list(range(16, 88)):
    for cell in range(1, 95):
        try:
            chars.add(bytes([0xA0 + row, 0xA0 + cell]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
for path in sources:
    with open(path, encoding="utf-8") as f:
        chars.update(c for c in f.read() if ord(c) > 0x7F)
with open(out, "w", encoding="utf-8") as f:
    f.write("".join(sorted(chars)))
PY

pyftsubset "$wqy" --font-number=0 \
  --text-file="$chars" \
  --unicodes='U+0020-007E,U+00A0-00FF,U+2000-206F,U+3000-303F,U+FF00-FFEF' \
  --layout-features='*' --name-IDs='*' --name-languages='*' \
  --output-file=wqy-microhei-gb2312.ttf

ls -l DejaVuSans.ttf DejaVuSans-Bold.ttf wqy-microhei-gb2312.ttf
