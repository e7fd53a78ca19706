#!/usr/bin/env python3
"""Writes faker-corpus.tsv: a labelled corpus made with the Faker library, not by the detectors' authors.

The values come from Faker's own providers in 24 locales (phones in each locale's formats, with and without
country codes and extensions, as Faker writes them; cards of every network Faker knows; IBANs; US SSNs; e-mail addresses; dates
of birth; IPv4 and IPv6 addresses, public and private), set in varied sentences, plus hard negatives (order and tracking
numbers, versions of three and four parts, prices, plain dates, times, MAC addresses, postal codes in JSON, and numbers
beside the words that name phones and cards: dates, call and meeting ids, IMEIs, sizes). The sentences and negatives are ours; only the
values are Faker's. Same format as corpus.tsv: `label<TAB>value<TAB>text`, `none` for a negative.

    python3 -m pip install faker==40.63.0
    python3 generate_faker_corpus.py > faker-corpus.tsv

Deterministic for one Faker version (the committed sample was made with 40.63.0).
"""
import ipaddress
import random

from faker import Faker

SEED = 20261202
LOCALES = [
    "en_US", "en_GB", "en_AU", "en_CA", "en_IN", "de_DE", "de_CH", "de_AT", "fr_FR", "fr_CH", "it_IT", "es_ES",
    "nl_NL", "pl_PL", "pt_PT", "pt_BR", "sv_SE", "da_DK", "no_NO", "fi_FI", "cs_CZ", "hu_HU", "ro_RO", "ja_JP",
]
CARDS = ["visa13", "visa16", "visa19", "mastercard", "amex", "discover", "jcb15", "jcb16", "diners", "maestro"]
R = random.Random(SEED)
# ISO 13616 lengths (the SWIFT IBAN registry) of the countries whose IBANs Faker makes here.
IBAN_LENGTHS = {
    "GB": 22, "DE": 22, "CH": 21, "AT": 20, "FR": 27, "IT": 27, "ES": 24, "NL": 18, "PL": 28, "PT": 25, "BR": 29,
    "DK": 18, "NO": 15, "FI": 18, "CZ": 24, "RO": 24, "SE": 24, "HU": 28, "BE": 16, "IE": 22,
}

PHONE_TEMPLATES = [
    "Call me on {} after six.", "Tel.: {}", "{} (mobile)", "Telefon: {}", "phone {} - office", "Reach the front desk at {}.",
    "Mobil {}", "Contact: {} (cell)", "Please ring {} to confirm.", "Handy: {}",
]
CARD_TEMPLATES = [
    "Card number {} expires next year.", "Paid with {} yesterday.", "<input name=\"cc\" value=\"{}\">",
    "Kartennummer: {}", "charge {} please",
]
IBAN_TEMPLATES = ["IBAN {}", "Please transfer to {} by Friday.", "\"iban\": \"{}\"", "Konto: {}"]
EMAIL_TEMPLATES = ["Write to {} for details.", "E-Mail: {}", "mailto:{}", "cc {} on the reply"]
SSN_TEMPLATES = ["SSN: {}", "Social security number {} on file.", "ssn={}"]
DOB_TEMPLATES = ["Date of birth: {}", "born {}", "Geburtsdatum {}"]
IP_TEMPLATES = [
    "Login from {} at 09:14.", "client_ip={}", "Office router {}", "\"remote_addr\": \"{}\"", "Connect to [{}]:443",
    "Blocked address {} after 5 attempts",
]


def line(label, value, text):
    assert "\t" not in text and "\n" not in text and value in text, (label, value, text)
    return f"{label}\t{value}\t{text}"


def negatives(fake):
    yield fake.bothify("Order ORD-########"), ""
    yield "Tracking 1Z" + fake.bothify("???#########").upper(), ""
    yield f"Version {R.randint(1, 20)}.{R.randint(0, 40)}.{R.randint(0, 99)} is out.", ""
    yield f"Total CHF {R.randint(10, 9999)}.{R.randint(10, 99)} incl. VAT", ""
    yield f"Meeting on {fake.date()} at {R.randint(8, 18)}:00", ""
    yield f'{{"postal_code": "{fake.postcode()}"}}', ""
    yield fake.bothify("Invoice 2025-####-##"), ""
    yield f"Room {R.randint(100, 999)}, building {R.randint(1, 12)}", ""
    # Numbers beside the words that name phones and cards, which are none (a reviewer's list).
    yield f"Office closed on {fake.date(pattern='%d.%m.%Y')}", ""
    yield f"Last contact {fake.date()}", ""
    yield f"Call ID {R.randint(1_600_000_000, 1_800_000_000)}", ""
    yield f"Meeting ID {R.randint(100, 999)} {R.randint(1000, 9999)} {R.randint(1000, 9999)} - call in", ""
    yield f"Firmware version {R.randint(1, 9)}.{R.randint(0, 9)}.{R.randint(0, 99)}.{R.randint(0, 999)} installed", ""
    yield f"Session started at {R.randint(10, 23)}:{R.randint(10, 59)}:{R.randint(10, 59)}", ""
    yield f"Device MAC {fake.mac_address()}", ""
    yield f"SIM card IMEI {fake.bothify('35#############')}", ""
    yield f"QR code {R.choice([512, 1080, 2048])}x{R.choice([512, 1080, 2048])}", ""


def main():
    rows = []
    cards = Faker("en_US")
    cards.seed_instance(SEED)
    for index, locale in enumerate(LOCALES):
        fake = Faker(locale)
        fake.seed_instance(SEED + index)
        for template in R.sample(PHONE_TEMPLATES, 8):
            phone = fake.phone_number()
            rows.append(line("phone", phone, template.format(phone)))
        for card in R.sample(CARDS, 3):
            # Some locales list fewer networks: those cards come from the default provider.
            source = fake if card in fake.provider("faker.providers.credit_card").credit_card_types else cards
            number = source.credit_card_number(card_type=card)
            # Faker's Maestro prefixes include 0604, in no network's published IIN ranges (Maestro is 50 and 56-69):
            # such a number is not a card, so it is drawn again.
            while number.startswith("0604"):
                number = source.credit_card_number(card_type=card)
            rows.append(line("card-number", number, R.choice(CARD_TEMPLATES).format(number)))
        try:
            for _ in range(2):
                iban = fake.iban()
                # Faker writes some locales' IBANs at a length the registry does not give their country (en_CA's
                # GB IBANs have 21 characters): those are not IBANs and are left out.
                if iban[:2] in IBAN_LENGTHS and len(iban) != IBAN_LENGTHS[iban[:2]]:
                    continue
                if R.random() < 0.2:
                    iban = iban.lower()
                elif R.random() < 0.4:
                    iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
                rows.append(line("iban", iban, R.choice(IBAN_TEMPLATES).format(iban)))
        except AttributeError:
            pass
        for _ in range(2):
            email = fake.email()
            rows.append(line("email", email, R.choice(EMAIL_TEMPLATES).format(email)))
        birth = fake.date_of_birth(minimum_age=18, maximum_age=90)
        written = R.choice([birth.strftime("%d.%m.%Y"), birth.strftime("%Y-%m-%d"), birth.strftime("%m/%d/%Y")])
        rows.append(line("date-of-birth", written, R.choice(DOB_TEMPLATES).format(written)))
        if locale == "en_US":
            for _ in range(20):
                ssn = fake.ssn()
                rows.append(line("us-ssn", ssn, R.choice(SSN_TEMPLATES).format(ssn)))
        # Faker writes IPv6 addresses in full; one in each locale gets a run of zero groups, written compressed (RFC 5952).
        groups = fake.ipv6().split(":")
        zeros = R.randint(2, 5)
        compressed = ipaddress.IPv6Address(":".join(groups[:2] + ["0"] * zeros + groups[2 + zeros:])).compressed
        for address in [fake.ipv4_public(), fake.ipv4_private(), fake.ipv6(), compressed]:
            rows.append(line("ip-address", address, R.choice(IP_TEMPLATES).format(address)))
        for text, value in negatives(fake):
            rows.append(line("none", value, text))
    print("\n".join(rows))


if __name__ == "__main__":
    main()
