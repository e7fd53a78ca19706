#!/usr/bin/env python3
"""Compares SupportScope's detectors with Microsoft Presidio's pattern recognizers on the Faker corpus.

Both tools scan every text of Tests/DetectorsTests/Fixtures/faker-corpus.tsv alone, and both are scored with
the rule of the Swift quality test (QualityTable in Tests/DetectorsTests/DetectorQualityTests.swift):

- a line's labelled value spans its first occurrence in the text;
- the first hit of the line's labelled class that overlaps that span is a true positive; every other hit
  (a second one on the value, one elsewhere, one on a hard negative or a line of another class) is a false
  positive of its class;
- a labelled line without a true positive is a false negative.

Only the six classes both tools have are compared. date-of-birth is left out: Presidio's DATE_TIME marks
any date, not a birth date. Presidio runs on a blank spaCy English pipeline (no model is downloaded), so
its NER recognizers find nothing and only its pattern recognizers count, which is what SupportScope's
detectors are.

Run it through compare.sh, which makes the virtual environment with the pinned packages:

    Benchmarks/presidio/compare.sh [CORPUS] [SUPPORTSCOPE_BINARY]

The table and the mistakes go to standard output and do not change from run to run; timings go to
standard error.
"""
import argparse
import dataclasses
import json
import logging
import re
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO / "Tests/DetectorsTests/Fixtures/faker-corpus.tsv"
DEFAULT_BINARY = REPO / ".build/debug/supportscope"
BLANK_PIPELINE = REPO / ".build-presidio/blank-en"

# SupportScope's class -> Presidio's entity, for the classes both tools have.
ENTITIES = {
    "card-number": "CREDIT_CARD",
    "iban": "IBAN_CODE",
    "us-ssn": "US_SSN",
    "email": "EMAIL_ADDRESS",
    "phone": "PHONE_NUMBER",
    "ip-address": "IP_ADDRESS",
}
CLASS_OF_ENTITY = {entity: name for name, entity in ENTITIES.items()}
LISTED_MISTAKES = 15


@dataclasses.dataclass(frozen=True)
class Line:
    number: int  # 1-based line of the corpus file, to find the line again
    label: str | None  # None for a hard negative
    value: str
    text: str

    @property
    def span(self) -> tuple[int, int] | None:
        # The Swift test finds the value's first occurrence in UTF-8 bytes; code points keep the same order,
        # so overlaps come out the same.
        if self.label is None:
            return None
        start = self.text.find(self.value)
        return None if start < 0 else (start, start + len(self.value))


@dataclasses.dataclass(frozen=True)
class Hit:
    detector_class: str  # a SupportScope class name, Presidio's entities already mapped
    start: int  # code points into the line's text
    end: int


@dataclasses.dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list = dataclasses.field(default_factory=list)
    false_hits: list = dataclasses.field(default_factory=list)

    @property
    def precision(self) -> float:
        return 1.0 if self.tp + self.fp == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        return 1.0 if self.tp + self.fn == 0 else self.tp / (self.tp + self.fn)


def read_corpus(path: Path) -> list[Line]:
    lines = []
    for number, row in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if not row:  # the Swift test's split drops empty lines
            continue
        label, value, text = row.split("\t", 2)
        lines.append(Line(number, None if label == "none" else label, value, text))
    return lines


def score(lines: list[Line], hits_by_line: list[list[Hit]]) -> dict[str, Score]:
    """The Swift test's rule, restricted to the compared classes."""
    scores = {name: Score() for name in ENTITIES}
    for line, hits in zip(lines, hits_by_line, strict=True):
        span, found = line.span, False
        for hit in hits:
            if hit.detector_class not in scores:
                continue
            if hit.detector_class == line.label and span and hit.start < span[1] and span[0] < hit.end and not found:
                found = True
                scores[hit.detector_class].tp += 1
            else:
                scores[hit.detector_class].fp += 1
                scores[hit.detector_class].false_hits.append((line, hit))
        if line.label in scores and not found:
            scores[line.label].fn += 1
            scores[line.label].misses.append(line)
    return scores


# SupportScope

# inspect reads a file whose text starts with "<" (after white space and a byte-order mark) as an HTML page;
# the Swift test scans every text as plain text, so such a text gets a first line that is no word and no tag.
LOOKS_LIKE_MARKUP = re.compile(r"^[\s\ufeff]*<")
MARKUP_GUARD = "-\n"


def supportscope_hits(binary: Path, lines: list[Line]) -> list[list[Hit]]:
    """Scans each text alone: inspect's context words reach across lines, so one file per text (in one call)."""
    with tempfile.TemporaryDirectory(prefix="supportscope-presidio-") as folder:
        paths, guarded = [], []
        for index, line in enumerate(lines):
            path = Path(folder) / f"{index:05d}.txt"
            guard = MARKUP_GUARD if LOOKS_LIKE_MARKUP.match(line.text) else ""
            path.write_text(guard + line.text, encoding="utf-8")  # no final newline, like the test's text
            paths.append(str(path))
            guarded.append(guard.count("\n"))
        run = subprocess.run(
            [str(binary), "inspect", *paths, "--format", "json", "--reveal"],
            capture_output=True, text=True, cwd=folder)
        # 1 means "found unmasked data", which is the point here.
        if run.returncode not in (0, 1):
            sys.exit(f"supportscope inspect failed ({run.returncode}):\n{run.stderr}")
        report = json.loads(run.stdout)
    by_file = {entry["file"]: entry for entry in report["files"]}
    hits_by_line = []
    for path, skipped, line in zip(paths, guarded, lines, strict=True):
        entry = by_file[path]
        if entry["kind"] != "text":
            sys.exit(f"supportscope read corpus line {line.number} as a {entry['kind']}, not as text")
        hits = []
        for content in entry["content"]:
            if content["line"] != 1 + skipped:
                sys.exit(f"corpus line {line.number}: a hit on line {content['line']} of a one-line text")
            # Columns count Unicode scalars (not UTF-8 bytes), which are Python's string indices.
            start = content["column"] - 1
            end = start + len(content["evidence"])
            if line.text[start:end] != content["evidence"]:
                sys.exit(f"corpus line {line.number}: evidence {content['evidence']!r} is not at column "
                         f"{content['column']} of {line.text!r}")
            hits.append(Hit(content["class"], start, end))
        hits_by_line.append(hits)  # in the detectors' order, as the Swift test sees them
    return hits_by_line


def links_libphonenumber(binary: Path) -> str:
    # Without libphonenumber SupportScope's phones rest on shapes and words alone, which changes phone recall.
    if not shutil.which("ldd"):
        return "unknown"
    run = subprocess.run(["ldd", str(binary)], capture_output=True, text=True)
    return "yes" if "libphonenumber" in run.stdout else "no"


# Presidio

def offline_tldextract() -> None:
    """Presidio's email recognizer asks tldextract for the domain's suffix. By default tldextract fetches the
    public suffix list (or reads a cached copy of whatever day it was fetched); its snapshot, pinned with the
    package, keeps the run offline and the same everywhere."""
    import tldextract.tldextract as module
    module.TLD_EXTRACTOR = module.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def presidio_analyzer():
    import spacy
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    # Rebuilt every run so the pipeline always matches the installed spaCy.
    if BLANK_PIPELINE.exists():
        shutil.rmtree(BLANK_PIPELINE)
    spacy.blank("en").to_disk(BLANK_PIPELINE)
    nlp_engine = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": str(BLANK_PIPELINE)}],
    }).create_engine()
    # Default predefined recognizers for English and the default score threshold (0). A higher threshold would
    # measure the blank pipeline, not the patterns: Presidio raises a score only for context words it finds among
    # spaCy's lemmas, and a blank pipeline has none (its phones, scored 0.4, would all fall under 0.5).
    return AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])


def presidio_hits(lines: list[Line]) -> list[list[Hit]]:
    analyzer = presidio_analyzer()
    hits_by_line = []
    for line in lines:
        results = analyzer.analyze(text=line.text, language="en", entities=list(ENTITIES.values()))
        # Presidio orders by score and de-duplicates through a set; position order makes runs repeatable.
        results = sorted(results, key=lambda r: (r.start, r.end, r.entity_type))
        hits_by_line.append([Hit(CLASS_OF_ENTITY[r.entity_type], r.start, r.end) for r in results])
    return hits_by_line


# Report

def table(ours: dict[str, Score], theirs: dict[str, Score]) -> str:
    rows = [
        "| class | SupportScope P / R | SupportScope TP/FP/FN | Presidio P / R | Presidio TP/FP/FN |",
        "| --- | --- | --- | --- | --- |",
    ]

    def cells(s: Score) -> str:
        return f"{s.precision:.3f} / {s.recall:.3f} | {s.tp}/{s.fp}/{s.fn}"

    for name, entity in ENTITIES.items():
        rows.append(f"| {name} ↔ {entity} | {cells(ours[name])} | {cells(theirs[name])} |")

    def total(scores: dict[str, Score]) -> Score:
        return Score(*(sum(getattr(s, field) for s in scores.values()) for field in ("tp", "fp", "fn")))

    rows.append(f"| all six (micro) | {cells(total(ours))} | {cells(total(theirs))} |")
    return "\n".join(rows)


def mistakes(tool: str, scores: dict[str, Score]) -> str:
    out = [f"### {tool}: misses and false positives (first {LISTED_MISTAKES} of each)", ""]
    for name, s in scores.items():
        if not s.misses and not s.false_hits:
            continue
        out.append(f"**{name}** — {s.fn} missed, {s.fp} false")
        out.append("")
        for line in s.misses[:LISTED_MISTAKES]:
            out.append(f"- missed (line {line.number}) `{line.value}` in: {line.text}")
        for line, hit in s.false_hits[:LISTED_MISTAKES]:
            labelled = line.label or "hard negative"
            out.append(f"- false (line {line.number}, {labelled}) `{line.text[hit.start:hit.end]}` in: {line.text}")
        out.append("")
    if len(out) == 2:
        out.append("None.")
        out.append("")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("binary", nargs="?", type=Path, default=DEFAULT_BINARY)
    args = parser.parse_args()
    if not args.corpus.is_file():
        sys.exit(f"no corpus at {args.corpus}")
    if not args.binary.is_file():
        sys.exit(f"no supportscope binary at {args.binary} (build it with `swift build`)")

    # Presidio warns about every entity the blank pipeline cannot map; none of that is about the patterns.
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    offline_tldextract()

    lines = read_corpus(args.corpus)
    began = time.monotonic()
    ours = score(lines, supportscope_hits(args.binary, lines))
    middle = time.monotonic()
    theirs = score(lines, presidio_hits(lines))
    ended = time.monotonic()
    for name in ENTITIES:  # both tools must have seen every labelled line once
        labelled = sum(line.label == name for line in lines)
        assert ours[name].tp + ours[name].fn == labelled == theirs[name].tp + theirs[name].fn, name

    labelled = sum(line.label is not None for line in lines)
    print("## SupportScope's detectors and Presidio's pattern recognizers on the Faker corpus")
    print()
    print(f"{args.corpus.name}: {len(lines)} lines, {labelled} labelled, {len(lines) - labelled} hard negatives. "
          f"presidio-analyzer {metadata.version('presidio-analyzer')} (spaCy {metadata.version('spacy')}, "
          f"blank `en` pipeline, so no NER; phonenumbers {metadata.version('phonenumbers')}, "
          f"tldextract {metadata.version('tldextract')} with its bundled suffix list), default English "
          f"recognizers, default score threshold 0. SupportScope `inspect`, linked with libphonenumber: "
          f"{links_libphonenumber(args.binary)}.")
    print()
    print(table(ours, theirs))
    print()
    print("Each text is scanned alone. A hit of a compared class on a line labelled otherwise (a hard negative,"
          " a date of birth or another class) is a false positive; hits of other classes are ignored. "
          "date-of-birth is not compared: Presidio's DATE_TIME marks any date, not a birth date.")
    print()
    print(mistakes("SupportScope", ours))
    print(mistakes("Presidio", theirs))
    print(f"supportscope: {middle - began:.1f} s, presidio (with loading): {ended - middle:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
