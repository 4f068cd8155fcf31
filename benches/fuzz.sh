#!/usr/bin/env bash
# Fuzzes the table reader, the member parser and the geocoder for a while each
# (cargo-fuzz, libFuzzer; needs a nightly toolchain and `cargo install cargo-fuzz`).
# Not part of CI. Usage: bash benches/fuzz.sh [SECONDS_PER_TARGET]   (default 120)
# Seeds come from the test fixtures; crashes land in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-120}"
for target in table_reader member_parser geocoder; do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  case "$target" in
    table_reader)
      # The first byte picks the extension (0 csv, 1 tsv, 2 xlsx, 3 xls).
      for f in tests/fixtures/*.csv; do { printf '\0'; cat "$f"; } > "$corpus/seed-$(basename "$f")"; done
      { printf '\2'; cat tests/fixtures/members.xlsx; } > "$corpus/seed-members.xlsx"
      { printf '\3'; cat tests/fixtures/members_html.xls; } > "$corpus/seed-members_html.xls" ;;
    member_parser)
      for f in tests/fixtures/*.csv; do tail -n +2 "$f" > "$corpus/seed-$(basename "$f")"; done ;;
    geocoder)
      printf 'Mikonkatu 8, 00100 Helsinki' > "$corpus/seed-1"
      printf '14 Im Grund, Dorf' > "$corpus/seed-2"
      printf '上海市浦东新区世纪大道100号' > "$corpus/seed-3" ;;
  esac
  echo "== $target: ${seconds}s"
  nice cargo +nightly fuzz run -O "$target" -- -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 2>&1 \
    | grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^Done [0-9]+ runs|SUMMARY|ERROR|panicked|Test unit written' || true
done
crashes=$(find fuzz/artifacts -type f 2>/dev/null | wc -l)
echo "$crashes crash or timeout inputs in fuzz/artifacts/"
