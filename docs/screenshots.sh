#!/usr/bin/env bash
# Regenerates the report screenshots in docs/ from the shipped scenarios, with headless Chromium and poppler:
#   bash docs/screenshots.sh            (SUPPORTSCOPE=path/to/supportscope uses a binary built already)
# docs/report-summary.png   the top of the report: legend, score cards, key findings, recommendations
# docs/report-views.png     one scenario's views: co-browsing mirrors next to the screen-sharing desktop
# docs/report-print.png     a printed A4 page with findings (the print keeps every finding, action and audit entry)
set -euo pipefail
cd "$(dirname "$0")/.."
chromium=${CHROMIUM:-chromium}
command -v "$chromium" >/dev/null || { echo "needs chromium (apt-get install chromium)" >&2; exit 2; }
command -v pdftoppm >/dev/null || { echo "needs pdftoppm (apt-get install poppler-utils)" >&2; exit 2; }
bin=${SUPPORTSCOPE:-}
if [ -z "$bin" ]; then
  swift build -c release --product supportscope >/dev/null
  bin=.build/release/supportscope
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
browser() { "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
  --proxy-server=127.0.0.1:9 --user-data-dir="$work/profile" "$@" >/dev/null 2>&1; }
report() { # report OUT ARGS...: exit 1 (a failed expectation or gate) still writes the reports
  local out=$1; shift
  "$bin" run "$@" --out "$out" --quiet \
    --profiles cobrowse-naive,cobrowse-standard,screenshare-fullscreen,remote-desktop-attended || [ $? -eq 1 ]
}
report "$work/full" Scenarios --subtitle "The shipped scenario library under four profiles"
browser --screenshot=docs/report-summary.png --window-size=1280,1500 "file://$work/full/index.html"
# The report loads nothing itself: a page of our own frames it at one scenario's views.
report "$work/one" Scenarios/black-friday-checkout --detail summary
printf '%s\n' '<!DOCTYPE html><title>views</title><style>body{margin:0}iframe{border:0;width:1280px;height:1500px}</style>' \
  '<iframe src="one/index.html#scenario-black-friday-checkout"></iframe>' >"$work/views.html"
browser --screenshot=docs/report-views.png --window-size=1280,1500 "file://$work/views.html"
browser --no-pdf-header-footer --print-to-pdf="$work/report.pdf" "file://$work/full/index.html"
# The first printed page with a run's findings table.
page=4
for n in $(seq 1 80); do
  if pdftotext -f "$n" -l "$n" "$work/report.pdf" - 2>/dev/null | grep -q "SS-[0-9a-f]\{16\}"; then page=$n; break; fi
done
pdftoppm -png -r 70 -f "$page" -l "$page" -singlefile "$work/report.pdf" docs/report-print
echo "wrote docs/report-summary.png, docs/report-views.png and docs/report-print.png (printed page $page)"
