#!/usr/bin/env python3
"""Measures what the screen models draw of real pages against what Chromium shows.

For each HTML page this script strips the page's scripts (neither side runs them: SupportScope replays no
page scripts, and a script could change what Chromium shows), then asks headless Chromium, through an
injected script, which text nodes it renders (`Element.checkVisibility({visibilityProperty: true})`: no
`display: none` on the way up, `visibility` not hidden), and asks `supportscope screen` which it draws. Only
texts that occur once in the page are compared, so a text's presence in the drawn lines decides it.

    python3 Benchmarks/conformance/screen_visibility.py PAGES_DIR [--binary .build/debug/supportscope]
        [--chromium chromium] [--list]

The pages are other people's (for example Chromium's autofill corpus): read them into a scratch folder
and never commit them. Both sides load no external style sheet (the page is opened from a file, offline).
"""
import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile

PROBE = r"""
<script>
(function () {
  var out = [];
  var skip = {SCRIPT: 1, STYLE: 1, TEMPLATE: 1, NOSCRIPT: 1, TEXTAREA: 1, TITLE: 1, OPTION: 1, SELECT: 1, DATALIST: 1, OPTGROUP: 1, IFRAME: 1, OBJECT: 1, VIDEO: 1, AUDIO: 1, CANVAS: 1};
  function walk(node) {
    for (var child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        var text = child.nodeValue.replace(/\s+/g, ' ').trim();
        if (text) out.push([text, child.parentElement.checkVisibility({visibilityProperty: true})]);
      } else if (child.nodeType === 1 && !skip[child.tagName] && child.id !== 'ss-visibility') {
        walk(child);
      }
    }
  }
  walk(document.body);
  var pre = document.createElement('pre');
  pre.id = 'ss-visibility';
  pre.textContent = JSON.stringify(out);
  document.documentElement.appendChild(pre);
})();
</script>
"""

SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.I | re.S)
# The copies are written as UTF-8, so a page's own charset declaration is made to say so (for both sides).
CHARSET = re.compile(r"(<meta\b[^>]*charset\s*=\s*[\"']?)[\w-]+", re.I)


def chromium_texts(chromium, path):
    result = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,720",
                             "--virtual-time-budget=3000", "--dump-dom", "file://" + path],
                            capture_output=True, text=True, timeout=120)
    match = re.search(r'<pre id="ss-visibility">(.*?)</pre>', result.stdout, re.S)
    if not match:
        raise RuntimeError("no probe output for %s: %s" % (path, result.stderr[-400:]))
    return json.loads(html.unescape(match.group(1)))


def drawn_text(binary, path):
    result = subprocess.run([binary, "screen", "--reveal", "--width", "1280", "--height", "720", path],
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError("supportscope screen failed on %s: %s" % (path, result.stderr))
    prefix = len(path) + 1
    lines = [line[prefix:].split(": ", 1)[1] if ": " in line[prefix:] else "" for line in result.stdout.splitlines()]
    return " ".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pages")
    parser.add_argument("--binary", default=".build/debug/supportscope")
    parser.add_argument("--chromium", default="chromium")
    parser.add_argument("--list", action="store_true", help="list every disagreement")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    pages = sorted(name for name in os.listdir(args.pages) if name.endswith((".html", ".htm")))
    counts = {"both shown": 0, "both hidden": 0, "shown by Chromium only": 0, "shown by SupportScope only": 0}
    disagreements = []
    with tempfile.TemporaryDirectory() as scratch:
        for name in pages:
            with open(os.path.join(args.pages, name), encoding="utf-8", errors="replace") as handle:
                page = CHARSET.sub(lambda match: match.group(1) + "utf-8", SCRIPT.sub("", handle.read()))
            copy = os.path.join(scratch, name)
            with open(copy, "w", encoding="utf-8") as handle:
                handle.write(page)
            drawn = drawn_text(binary, copy)
            probed = os.path.join(scratch, "probe-" + name)
            with open(probed, "w", encoding="utf-8") as handle:
                # The probe runs after the page is parsed; appended at the end it sees the whole body.
                handle.write(page + PROBE)
            texts = chromium_texts(args.chromium, probed)
            every = [text for text, _ in texts]
            for text, visible in texts:
                if len(text) < 4 or sum(1 for other in every if text in other) != 1:
                    continue
                ours = text in drawn
                key = ("both shown" if ours else "shown by Chromium only") if visible else \
                      ("shown by SupportScope only" if ours else "both hidden")
                counts[key] += 1
                if ours != visible:
                    disagreements.append((name, key, text[:80]))
    total = sum(counts.values())
    print("%d pages, %d unique texts" % (len(pages), total))
    for key, value in counts.items():
        print("  %-28s %6d" % (key, value))
    shown = counts["both shown"] + counts["shown by Chromium only"]
    hidden = counts["both hidden"] + counts["shown by SupportScope only"]
    if shown:
        print("texts Chromium shows that SupportScope draws: %.3f (a miss is false assurance)" % (counts["both shown"] / shown))
    if hidden:
        print("texts Chromium hides that SupportScope hides: %.3f (a miss over-reports)" % (counts["both hidden"] / hidden))
    if args.list:
        for name, key, text in disagreements:
            print("%s: %s: %s" % (name, key, text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
