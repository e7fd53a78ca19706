#!/usr/bin/env python3
"""Measures SupportScope's field classifier against Chromium's autofill heuristics corpus.

Chromium keeps real sites' forms as test pages (components/test/data/autofill/heuristics/input/*.html)
with the type its heuristics give every field (../output/*.out, one line per field:
`TYPE | name | label | value | section`). This script runs `supportscope inspect --format json`
on each page under cobrowse-standard and counts, per sensitive class, how many of the fields
Chromium types as that class SupportScope recognises *and masks*, and how many of the fields
SupportScope puts in a class Chromium agrees with. Every disagreement is listed with both
sides' evidence, so each can be explained.

The corpus is Chromium's, not ours: read it into a scratch folder and never commit it.

    python3 Benchmarks/conformance/chromium_autofill.py /path/to/chromium-autofill [--binary .build/debug/supportscope]

The folder holds `input/NAME.html` and `output/NAME.out`.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

# Chromium's field types, by the class family SupportScope masks them as.
FAMILIES = {
    "card number": {"CREDIT_CARD_NUMBER"},
    "card expiry": {"CREDIT_CARD_EXP_MONTH", "CREDIT_CARD_EXP_2_DIGIT_YEAR", "CREDIT_CARD_EXP_4_DIGIT_YEAR",
                    "CREDIT_CARD_EXP_DATE_2_DIGIT_YEAR", "CREDIT_CARD_EXP_DATE_4_DIGIT_YEAR"},
    "card security code": {"CREDIT_CARD_VERIFICATION_CODE", "CREDIT_CARD_STANDALONE_VERIFICATION_CODE"},
    "cardholder name": {"CREDIT_CARD_NAME_FULL", "CREDIT_CARD_NAME_FIRST", "CREDIT_CARD_NAME_LAST"},
    "password": {"PASSWORD", "ACCOUNT_CREATION_PASSWORD", "CONFIRMATION_PASSWORD", "NEW_PASSWORD", "PROBABLY_NEW_PASSWORD",
                 "NOT_NEW_PASSWORD", "NOT_ACCOUNT_CREATION_PASSWORD", "SINGLE_USERNAME_FORGOT_PASSWORD"},
    "one-time code": {"ONE_TIME_CODE"},
    "iban": {"IBAN_VALUE"},
    "date of birth": {"BIRTHDATE_DAY", "BIRTHDATE_MONTH", "BIRTHDATE_4_DIGIT_YEAR"},
}

# SupportScope's classes, by the same families.
OURS = {
    "card number": {"card-number", "card-number-part"},
    "card expiry": {"card-expiry", "card-expiry-month", "card-expiry-year"},
    "card security code": {"card-security-code"},
    "cardholder name": {"cardholder-name"},
    "password": {"current-password", "new-password"},
    "one-time code": {"one-time-code"},
    "iban": {"iban"},
    "date of birth": {"date-of-birth", "birth-day", "birth-month", "birth-year"},
}


def family_of_type(chromium_type):
    for family, types in FAMILIES.items():
        if chromium_type in types:
            return family
    return None


def family_of_class(our_class):
    for family, classes in OURS.items():
        if our_class in classes:
            return family
    return None


def read_out(path):
    """Chromium's expected types, one per field in document order: (type, name, label)."""
    rows = []
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            parts = [part.strip() for part in line.rstrip("\n").split(" | ")]
            if len(parts) >= 3 and parts[0]:
                rows.append((parts[0], parts[1], parts[2]))
    return rows


def inspect(binary, page):
    """SupportScope's view of every visible control of the page: name, class, masked, signals."""
    result = subprocess.run([binary, "inspect", "--format", "json", "--profile", "cobrowse-standard", page],
                            capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"{page}: inspect exited {result.returncode}: {result.stderr.strip()}")
    report = json.loads(result.stdout)["files"][0]
    controls = []
    for field in report["fields"]:
        if not field["hidden"]:
            controls.append((field["line"], field["name"], field["class"], field["masked"], field["signals"]))
    for field in report["otherFields"]:
        if not field["hidden"]:
            controls.append((field["line"], field["name"], field["class"], False, field["signals"]))
    # Fields and other fields are each in document order; merge them back by line (stable within a line).
    return sorted(controls, key=lambda control: control[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="folder with input/*.html and output/*.out")
    parser.add_argument("--binary", default=".build/debug/supportscope")
    arguments = parser.parse_args()

    chromium_count = collections.Counter()
    recognised_and_masked = collections.Counter()
    ours_count = collections.Counter()
    agreed = collections.Counter()
    disagreements = []
    pages = aligned = unaligned = 0
    for name in sorted(os.listdir(os.path.join(arguments.corpus, "input"))):
        if not name.endswith(".html"):
            continue
        out = os.path.join(arguments.corpus, "output", name[:-5] + ".out")
        if not os.path.exists(out):
            continue
        pages += 1
        controls = inspect(arguments.binary, os.path.join(arguments.corpus, "input", name))
        by_name = collections.defaultdict(collections.deque)
        for control in controls:
            by_name[control[1] or ""].append(control)
        for chromium_type, field_name, label in read_out(out):
            queue = by_name.get(field_name)
            if not queue:
                unaligned += 1
                continue
            aligned += 1
            _, _, our_class, masked, signals = queue.popleft()
            theirs = family_of_type(chromium_type)
            ours = family_of_class(our_class)
            if theirs:
                chromium_count[theirs] += 1
                # Recognised and masked; the cardholder's name is readable by default, so recognising it is enough.
                if ours == theirs and (masked or theirs == "cardholder name"):
                    recognised_and_masked[theirs] += 1
            if ours:
                ours_count[ours] += 1
                if ours == theirs:
                    agreed[ours] += 1
            if (theirs or ours) and theirs != ours:
                disagreements.append((name, field_name, label, chromium_type, our_class or "none", "; ".join(signals[:2])))

    print(f"{pages} pages, {aligned} fields aligned by name, {unaligned} of Chromium's lines without a control of that name\n")
    print("| class | Chromium's fields | SupportScope recognises and masks | recall | SupportScope's fields | Chromium agrees | precision |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for family in FAMILIES:
        total, hits = chromium_count[family], recognised_and_masked[family]
        ours, agree = ours_count[family], agreed[family]
        recall = f"{hits / total:.3f}" if total else "–"
        precision = f"{agree / ours:.3f}" if ours else "–"
        print(f"| {family} | {total} | {hits} | {recall} | {ours} | {agree} | {precision} |")
    print("\n| page | field | Chromium's label | Chromium | SupportScope | SupportScope's evidence |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in disagreements:
        print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
