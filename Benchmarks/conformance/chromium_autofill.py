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
import re
import subprocess
import sys
import tempfile

# Chromium's field types, by the class family SupportScope masks them as.
FAMILIES = {
    "card number": {"CREDIT_CARD_NUMBER"},
    "card expiry": {"CREDIT_CARD_EXP_MONTH", "CREDIT_CARD_EXP_2_DIGIT_YEAR", "CREDIT_CARD_EXP_4_DIGIT_YEAR",
                    "CREDIT_CARD_EXP_DATE_2_DIGIT_YEAR", "CREDIT_CARD_EXP_DATE_4_DIGIT_YEAR"},
    "card security code": {"CREDIT_CARD_VERIFICATION_CODE", "CREDIT_CARD_STANDALONE_VERIFICATION_CODE"},
    "cardholder name": {"CREDIT_CARD_NAME_FULL", "CREDIT_CARD_NAME_FIRST", "CREDIT_CARD_NAME_LAST"},
    "password": {"PASSWORD", "ACCOUNT_CREATION_PASSWORD", "CONFIRMATION_PASSWORD", "NEW_PASSWORD", "PROBABLY_NEW_PASSWORD",
                 "NOT_NEW_PASSWORD", "NOT_ACCOUNT_CREATION_PASSWORD"},
    "one-time code": {"ONE_TIME_CODE"},
    "iban": {"IBAN_VALUE"},
    "date of birth": {"BIRTHDATE_DAY", "BIRTHDATE_MONTH", "BIRTHDATE_4_DIGIT_YEAR"},
}

# SupportScope's classes, by the same families.
OURS = {
    # A prepaid gift card's number is a card number to Chromium (and to a card network): counted with cards.
    "card number": {"card-number", "card-number-part", "gift-card-number"},
    "card expiry": {"card-expiry", "card-expiry-month", "card-expiry-year"},
    "card security code": {"card-security-code"},
    "cardholder name": {"cardholder-name"},
    "password": {"current-password", "new-password"},
    "one-time code": {"one-time-code"},
    "iban": {"iban"},
    "date of birth": {"date-of-birth", "birth-day", "birth-month", "birth-year"},
}


def family_of_type(chromium_type):
    # Types taken from an autocomplete attribute carry an HTML_TYPE_ prefix.
    chromium_type = chromium_type.removeprefix("HTML_TYPE_")
    for family, types in FAMILIES.items():
        if chromium_type in types:
            return family
    return None


# Chromium's types for fields that must stay readable (postal codes, coupons, addresses, names, phones, e-mail).
READABLE_PREFIXES = ("ADDRESS_", "NAME_", "PHONE_", "EMAIL_", "COMPANY_", "MERCHANT_PROMO_CODE", "SEARCH_TERM", "USERNAME")


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


# One page of the corpus carries Chromium's own answers as title attributes ("overall type: …"); SupportScope reads
# titles, so they are removed before it sees the page.
ANNOTATION = re.compile(r'\s+title="overall type:[^"]*"')


def inspect(binary, page):
    """SupportScope's view of every visible control of the page: name, class, masked, signals."""
    with open(page, encoding="utf-8", errors="replace") as handle:
        html = ANNOTATION.sub("", handle.read())
    with tempfile.TemporaryDirectory() as folder:
        copy = os.path.join(folder, os.path.basename(page))
        with open(copy, "w", encoding="utf-8") as handle:
            handle.write(html)
        result = subprocess.run([binary, "inspect", "--format", "json", "--profile", "cobrowse-standard", copy],
                                capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"{page}: inspect exited {result.returncode}: {result.stderr.strip()}")
    report = json.loads(result.stdout)["files"][0]
    controls = []
    for field in report["fields"]:
        if not field["hidden"]:
            controls.append((field["index"], field["name"], field["class"], field["masked"], field["signals"]))
    for field in report["otherFields"]:
        if not field["hidden"]:
            controls.append((field["index"], field["name"], field["class"], False, field["signals"]))
    # Back into document order: each control carries its place among the page's controls.
    return sorted(controls, key=lambda control: control[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="folder with input/*.html and output/*.out")
    parser.add_argument("--binary", default=".build/debug/supportscope")
    arguments = parser.parse_args()

    chromium_count = collections.Counter()
    recognised_and_masked = collections.Counter()
    ours_count = collections.Counter()
    ours_typed = collections.Counter()
    agreed = collections.Counter()
    readable_total = readable_masked = 0
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
        expected = read_out(out)
        # Fields with neither name nor id are aligned by order only when both sides have as many of them;
        # otherwise (Chromium counts inputs SupportScope does not, or the other way round) they are left out.
        unnamed = sum(1 for _, field_name, _ in expected if not field_name)
        if unnamed != len(by_name.get("", ())):
            by_name.pop("", None)
        for chromium_type, field_name, label in expected:
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
                # Where Chromium has an opinion: a field it types as something else is a false positive.
                if chromium_type.removeprefix("HTML_TYPE_") != "UNKNOWN_TYPE":
                    ours_typed[ours] += 1
                if ours == theirs:
                    agreed[ours] += 1
            if chromium_type.removeprefix("HTML_TYPE_").startswith(READABLE_PREFIXES):
                readable_total += 1
                if masked:
                    readable_masked += 1
            if (theirs or ours) and theirs != ours:
                disagreements.append((name, field_name, label, chromium_type, our_class or "none", "; ".join(signals[:2])))

    print(f"{pages} pages, {aligned} fields aligned by name, {unaligned} of Chromium's lines without a control of that name\n")
    print("| class | Chromium's fields | SupportScope recognises and masks | recall | SupportScope's fields "
          "(of them, typed by Chromium) | Chromium agrees | precision where Chromium types the field | precision, all |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for family in FAMILIES:
        total, hits = chromium_count[family], recognised_and_masked[family]
        ours, typed, agree = ours_count[family], ours_typed[family], agreed[family]
        recall = f"{hits / total:.3f}" if total else "–"
        precision_typed = f"{agree / typed:.3f}" if typed else "–"
        precision = f"{agree / ours:.3f}" if ours else "–"
        print(f"| {family} | {total} | {hits} | {recall} | {ours} ({typed}) | {agree} | {precision_typed} | {precision} |")
    print(f"\nChromium's readable fields (addresses, names, phones, e-mail, postal codes, promo codes): {readable_total}; "
          f"masked by cobrowse-standard: {readable_masked}")
    print("\n| page | field | Chromium's label | Chromium | SupportScope | SupportScope's evidence |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in disagreements:
        print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
