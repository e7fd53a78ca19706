#!/usr/bin/env python3
"""Writes corpus.tsv: the labelled corpus the detector quality test measures.

Each line is `label<TAB>value<TAB>text`: label is a detector class (the text
holds exactly that one value) or `none` (a hard negative: the text holds
nothing sensitive, though it looks like it might). Values are synthetic and
computed here with independent implementations of the check digits, so the
Swift validators are measured, not copied. Deterministic: `python3
generate_corpus.py > corpus.tsv` gives the same file every time.
"""
import hashlib
import random
import re

R = random.Random(20261129)
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def digits(n):
    return "".join(R.choice("0123456789") for _ in range(n))


def luhn_ok(number):
    total, double = 0, len(number) % 2 == 0
    for ch in number:
        d = int(ch)
        if double:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
        double = not double
    return total % 10 == 0


def luhn_complete(partial):
    for last in "0123456789":
        if luhn_ok(partial + last):
            return partial + last


def card():
    kind = R.choice(["visa", "mc", "mc2", "amex", "disc", "jcb", "diners", "up"])
    prefix, length = {
        "visa": ("4", 16), "mc": (str(R.randint(51, 55)), 16), "mc2": (str(R.randint(2221, 2720)), 16),
        "amex": (R.choice(["34", "37"]), 15), "disc": (R.choice(["6011", "65"]), 16), "jcb": (str(R.randint(3528, 3589)), 16),
        "diners": (R.choice(["36", "38"]), 14), "up": ("62", 16),
    }[kind]
    number = luhn_complete(prefix + digits(length - len(prefix) - 1))
    style = R.choice(["space", "dash", "plain"])
    if length == 15:
        parts = [number[:4], number[4:10], number[10:]]
    elif length == 14:
        parts = [number[:4], number[4:10], number[10:]]
    else:
        parts = [number[i:i + 4] for i in range(0, length, 4)]
    return {"space": " ".join(parts), "dash": "-".join(parts), "plain": number}[style]


IBAN_LAYOUTS = {"DE": "n18", "CH": "n17", "AT": "n16", "FR": "n23", "GB": "a4n14", "NL": "a4n10", "ES": "n20", "BE": "n12", "IT": "a1n22", "LI": "n17"}


def iban_check(country, bban):
    rearranged = bban + country + "00"
    number = int("".join(str(int(c, 36)) for c in rearranged))
    return "%02d" % (98 - number % 97)


def iban(valid=True):
    country = R.choice(list(IBAN_LAYOUTS))
    layout = IBAN_LAYOUTS[country]
    # A layout is a list of (kind, count) runs: `a4n14` is four letters then fourteen digits.
    bban = ""
    for kind, count in re.findall(r"([an])(\d+)", layout):
        bban += "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ" if kind == "a" else "0123456789") for _ in range(int(count)))
    check = iban_check(country, bban)
    if not valid:
        check = "%02d" % ((int(check) + R.randint(1, 50)) % 97 + 2)
        if check == iban_check(country, bban):
            check = "%02d" % ((int(check) + 1) % 97 + 2)
    compact = country + check + bban
    if R.random() < 0.6:
        return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))
    return compact


def ssn():
    while True:
        area = R.randint(1, 899)
        if area != 666:
            break
    return "%03d-%02d-%04d" % (area, R.randint(1, 99), R.randint(1, 9999))


NINO_FIRST = [c for c in "ABCEGHJKLMNOPRSTWXYZ"]
NINO_SECOND = [c for c in "ABCEGHJKLMNPRSTWXYZ"]


def nino():
    while True:
        prefix = R.choice(NINO_FIRST) + R.choice(NINO_SECOND)
        if prefix not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            break
    d = digits(6)
    suffix = R.choice("ABCD")
    if R.random() < 0.5:
        return "%s %s %s %s %s" % (prefix, d[:2], d[2:4], d[4:], suffix)
    return prefix + d + suffix


def ean13_digit(twelve):
    total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(twelve))
    return str((10 - total % 10) % 10)


def ahv(valid=True):
    body = "756" + digits(9)
    check = ean13_digit(body)
    if not valid:
        check = str((int(check) + R.randint(1, 9)) % 10)
    n = body + check
    return "%s.%s.%s.%s" % (n[:3], n[3:7], n[7:11], n[11:])


def tax_id_check(ten):
    product = 10
    for ch in ten:
        s = (int(ch) + product) % 10
        if s == 0:
            s = 10
        product = (s * 2) % 11
    check = 11 - product
    return "0" if check == 10 else str(check)


def tax_id(valid=True):
    while True:
        pool = list("0123456789")
        R.shuffle(pool)
        repeated = pool[0]
        chosen = pool[1:9] + [repeated, repeated]
        R.shuffle(chosen)
        if chosen[0] != "0":
            break
    ten = "".join(chosen)
    check = tax_id_check(ten)
    if not valid:
        check = str((int(check) + R.randint(1, 9)) % 10)
    n = ten + check
    if R.random() < 0.5:
        return "%s %s %s %s" % (n[:2], n[2:5], n[5:8], n[8:])
    return n


FIRST = ["anna", "lukas", "marie", "jonas", "sophie", "felix", "lea", "noah", "emma", "ben", "mia", "elias", "chloe", "david", "sara"]
LAST = ["mueller", "schmidt", "meier", "keller", "weber", "huber", "fischer", "brunner", "rossi", "martin", "smith", "nguyen"]
DOMAINS = ["example.com", "example.org", "mail.example.ch", "beispiel.de", "kunde.example.net", "corp.example.co.uk"]


def email():
    local = R.choice(FIRST) + R.choice([".", "_", ""]) + R.choice(LAST) + R.choice(["", str(R.randint(1, 99))])
    return local + "@" + R.choice(DOMAINS)


def phone_international():
    return R.choice([
        "+41 79 %s %s %s" % (digits(3), digits(2), digits(2)),
        "+49 30 %s" % digits(7),
        "+49 176 %s" % digits(8),
        "+44 20 7946 %s" % digits(4),
        "+1 415 555 %s" % digits(4),
        "+43 1 %s %s" % (digits(3), digits(4)),
        "+33 6 %s %s %s %s" % (digits(2), digits(2), digits(2), digits(2)),
    ])


def phone_national():
    return R.choice([
        "044 %s %s %s" % (digits(3), digits(2), digits(2)),
        "0176 %s" % digits(8),
        "(415) %d%s-%s" % (R.randint(2, 9), digits(2), digits(4)),
        "030 %s" % digits(7),
        "079 %s %s %s" % (digits(3), digits(2), digits(2)),
    ])


def date_of_birth():
    year, month, day = R.randint(1935, 2006), R.randint(1, 12), R.randint(1, 28)
    return R.choice(["%02d.%02d.%d" % (day, month, year), "%d-%02d-%02d" % (year, month, day), "%02d/%02d/%d" % (month, day, year)])


def otp():
    return R.choice([digits(6), digits(4), "%s %s" % (digits(3), digits(3)), digits(8)])


def crc32_b62(s):
    import zlib
    value = zlib.crc32(s.encode())
    out = ""
    while value:
        out = B62[value % 62] + out
        value //= 62
    return out.rjust(6, "0")


def rand(alphabet, n):
    return "".join(R.choice(alphabet) for _ in range(n))


ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def b64url(data):
    import base64
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def secret():
    kind = R.choice(["stripe", "github", "aws", "google", "slack", "gitlab", "npm", "jwt", "pem", "sendgrid"])
    if kind == "stripe":
        return R.choice(["sk_live_", "rk_live_", "sk_test_"]) + rand(ALNUM, 24)
    if kind == "github":
        entropy = rand(ALNUM, 30)
        return R.choice(["ghp_", "gho_", "ghs_"]) + entropy + crc32_b62(entropy)
    if kind == "aws":
        return "AKIA" + rand("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
    if kind == "google":
        return "AIza" + rand(ALNUM + "_-", 35)
    if kind == "slack":
        return "xoxb-" + digits(11) + "-" + digits(12) + "-" + rand(ALNUM, 24)
    if kind == "gitlab":
        return "glpat-" + rand(ALNUM, 20)
    if kind == "npm":
        return "npm_" + rand(ALNUM, 36)
    if kind == "jwt":
        header = b64url(b'{"alg":"HS256","typ":"JWT"}')
        payload = b64url(('{"sub":"%s","name":"%s"}' % (digits(8), R.choice(FIRST))).encode())
        return header + "." + payload + "." + rand(ALNUM + "_-", 43)
    if kind == "sendgrid":
        return "SG." + rand(ALNUM, 22) + "." + rand(ALNUM, 43)
    return "-----BEGIN RSA PRIVATE KEY-----"


# Keccak-256 (Ethereum's, with the original padding), for EIP-55 checksums.
RC = [0x1, 0x8082, 0x800000000000808A, 0x8000000080008000, 0x808B, 0x80000001, 0x8000000080008081, 0x8000000000008009, 0x8A, 0x88,
      0x80008009, 0x8000000A, 0x8000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003, 0x8000000000008002,
      0x8000000000000080, 0x800A, 0x800000008000000A, 0x8000000080008081, 0x8000000000008080, 0x80000001, 0x8000000080008008]
ROT = [[0, 36, 3, 41, 18], [1, 44, 10, 45, 2], [62, 6, 43, 15, 61], [28, 55, 25, 21, 56], [27, 20, 39, 8, 14]]
M = (1 << 64) - 1


def keccak256(data):
    rate = 136
    data = bytearray(data) + b"\x01"
    while len(data) % rate:
        data += b"\x00"
    data[-1] |= 0x80
    A = [[0] * 5 for _ in range(5)]
    rol = lambda v, n: ((v << n) | (v >> (64 - n))) & M if n else v
    for block in range(0, len(data), rate):
        for i in range(rate // 8):
            A[i % 5][i // 5] ^= int.from_bytes(data[block + 8 * i:block + 8 * i + 8], "little")
        for rnd in range(24):
            C = [A[x][0] ^ A[x][1] ^ A[x][2] ^ A[x][3] ^ A[x][4] for x in range(5)]
            D = [C[(x - 1) % 5] ^ rol(C[(x + 1) % 5], 1) for x in range(5)]
            A = [[A[x][y] ^ D[x] for y in range(5)] for x in range(5)]
            B = [[0] * 5 for _ in range(5)]
            for x in range(5):
                for y in range(5):
                    B[y][(2 * x + 3 * y) % 5] = rol(A[x][y], ROT[x][y])
            A = [[B[x][y] ^ ((~B[(x + 1) % 5][y]) & B[(x + 2) % 5][y]) for y in range(5)] for x in range(5)]
            A[0][0] ^= RC[rnd]
    out = b""
    for i in range(4):
        out += A[i % 5][i // 5].to_bytes(8, "little")
    return out


def eth(valid=True):
    lower = rand("0123456789abcdef", 40)
    digest = keccak256(lower.encode()).hex()
    mixed = "".join(c.upper() if c.isalpha() and int(digest[i], 16) >= 8 else c for i, c in enumerate(lower))
    if not valid:
        letters = [i for i, c in enumerate(mixed) if c.isalpha()]
        i = R.choice(letters)
        mixed = mixed[:i] + mixed[i].swapcase() + mixed[i + 1:]
    if mixed == mixed.lower() or mixed == mixed.upper():
        return eth(valid)
    return "0x" + mixed


def base58(data):
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        out = B58[n % 58] + out
        n //= 58
    return "1" * (len(data) - len(data.lstrip(b"\x00"))) + out


def btc(valid=True):
    payload = bytes([R.choice([0, 5])]) + bytes(R.randrange(256) for _ in range(20))
    check = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    address = base58(payload + check)
    if not valid:
        i = R.randrange(5, len(address))
        address = address[:i] + R.choice([c for c in B58 if c != address[i]]) + address[i + 1:]
    return address


BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def bech32_polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def bech32(valid=True):
    program = [R.randrange(32) for _ in range(32)]
    data = [0] + program
    hrp = [ord(c) >> 5 for c in "bc"] + [0] + [ord(c) & 31 for c in "bc"]
    mod = bech32_polymod(hrp + data + [0] * 6) ^ 1
    checksum = [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    address = "bc1" + "".join(BECH[d] for d in data + checksum)
    if not valid:
        i = R.randrange(4, len(address))
        address = address[:i] + R.choice([c for c in BECH if c != address[i]]) + address[i + 1:]
    return address


def crypto():
    return R.choice([eth, btc, bech32])()


ICD = ["E11.9", "F32.1", "J45.909", "I10", "C50.9", "F41.1", "G40.909", "B20", "O09.90", "M54.5", "E66.01", "K50.90"]
TERMS = ["diabetes", "asthma", "depression", "epilepsy", "HIV", "pregnancy", "insulin", "metformin", "sertraline", "migraine", "Krebs", "Bluthochdruck"]

POSITIVE_TEMPLATES = {
    "card-number": ["Card number: {v}", "<td class=\"pan\">{v}</td>", "Kartennummer {v} (gültig bis 09/28)", "Please charge {v} for order A-2291 today.",
                    "payment_method={v}&save=1", "Customer read out {v} on the phone, expiry 11/27.", "<input name=\"cc\" value=\"{v}\">",
                    "Zahlung mit {v} erfolgreich.", "Refund to card {v} requested", "{v}"],
    "iban": ["IBAN: {v}", "Bitte überweisen Sie auf {v} (Sparkasse).", "<dd>{v}</dd>", "New payee account {v} added.",
             "Kontoverbindung {v}, BIC POFICHBEXXX", "Payout account changed to {v}"],
    "us-ssn": ["SSN: {v}", "Social security number {v} on file", "<span data-ssn>{v}</span>", "Applicant {v} verified", "W-2 employee {v}"],
    "uk-nino": ["National Insurance number: {v}", "NI number {v}", "NINO {v} confirmed", "<td>{v}</td> (HMRC)", "Employee {v} starts Monday"],
    "ch-ahv": ["AHV-Nr. {v}", "Sozialversicherungsnummer: {v}", "<td>{v}</td>", "AVS {v}", "Versichertennummer {v} bestätigt"],
    "de-tax-id": ["Steuer-ID: {v}", "Steuerliche Identifikationsnummer {v}", "IdNr {v} laut Bescheid", "Your tax ID {v} was saved"],
    "email": ["Contact: {v}", "mailto:{v}", "<a href=\"mailto:{v}\">write us</a>", "Reply to {v} within 24 hours.", "Benutzer {v} angemeldet",
              "user={v}"],
    "phone": ["Phone: {v}", "Tel. {v}", "Call me on {v} after 5pm", "Mobile {v}", "Rufnummer {v}", "Telefon: {v}"],
    "date-of-birth": ["Date of birth: {v}", "Geburtsdatum {v}", "DOB {v}", "born on {v} in Zurich", "Geboren am {v}"],
    "one-time-code": ["Your verification code is {v}", "Ihr Bestätigungscode: {v}", "OTP {v}", "{v} is your login code. Do not share it.",
                      "Enter the one-time code {v} to continue", "Security code: {v}", "TAN {v}"],
    "secret": ["STRIPE_KEY={v}", "Authorization: token {v}", "api_key: \"{v}\"", "<code>{v}</code>", "export TOKEN={v}", "{v}"],
    "crypto-wallet": ["Withdraw to {v}", "Wallet: {v}", "Send 0.5 BTC to {v} now", "<code>{v}</code>", "Auszahlung an {v}"],
    "health-data": ["Diagnosis: {v}", "Patient has {v} since 2019", "Medikament: {v} 500 mg", "ICD-10 {v} recorded at intake",
                    "Vorerkrankung: {v}", "Current medication: {v}"],
}

GENERATORS = {
    "card-number": card, "iban": iban, "us-ssn": ssn, "uk-nino": nino, "ch-ahv": ahv, "de-tax-id": tax_id, "email": email,
    "phone": lambda: phone_international() if R.random() < 0.5 else phone_national(), "date-of-birth": date_of_birth,
    "one-time-code": otp, "secret": secret, "crypto-wallet": crypto,
    "health-data": lambda: R.choice(ICD) if R.random() < 0.5 else R.choice(TERMS),
}


def negatives():
    out = []
    for _ in range(25):  # order numbers that fail Luhn, in card shapes
        number = card().replace(" ", "").replace("-", "")
        bad = number[:-1] + str((int(number[-1]) + R.randint(1, 9)) % 10)
        out.append(R.choice(["Order {v} shipped", "Bestellnummer {v}", "Reference {v}"]).format(v=" ".join(bad[i:i + 4] for i in range(0, len(bad), 4))))
    for _ in range(15):  # Luhn-passing numbers with no card issuer, and all-one-digit junk
        number = luhn_complete(R.choice("01789") + digits(14))
        out.append(R.choice(["Account {v}", "Tracking {v}", "Serial {v}"]).format(v=number))
    for d in "0123456789":
        out.append("Test card %s" % " ".join([d * 4] * 4))
    for _ in range(15):  # tracking numbers
        out.append(R.choice(["USPS tracking 9400 1%s %s %s %s %s" % (digits(3), digits(4), digits(4), digits(4), digits(2)),
                             "UPS 1Z%s%s" % (rand("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 6), digits(10)),
                             "FedEx 7%s %s %s" % (digits(3), digits(4), digits(4)),
                             "DHL Sendungsnummer JJD%s" % digits(18)]))
    for _ in range(15):  # timestamps
        out.append(R.choice(["created_at=%d" % R.randint(1600000000, 1800000000), "ts %d" % R.randint(1600000000000, 1800000000000),
                             "2026-%02d-%02dT%02d:%02d:%02dZ" % (R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59)),
                             "Logged at %d%02d%02d%02d%02d%02d" % (2026, R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59))]))
    for _ in range(15):  # product codes and barcodes
        twelve = R.choice(["400", "401", "760", "978", "050"]) + digits(9)
        out.append(R.choice(["EAN {v}", "SKU-{s}-XL", "Art.-Nr. {s}", "ISBN 978-3-%s-%s-%s" % (digits(2), digits(6), digits(1))]).format(v=twelve + ean13_digit(twelve), s=digits(6)))
    for _ in range(20):  # invalid IBANs
        out.append(R.choice(["IBAN: {v}", "Konto {v}", "payee {v}"]).format(v=iban(valid=False)))
    for bad in ["000-12-3456", "666-45-1234", "912-34-5678", "123-00-4567", "234-56-0000", "078-05-1120", "219-09-9999", "987-65-4321"]:
        out.append("SSN: %s" % bad)
    for _ in range(8):  # SSN-shaped numbers with no SSN words and no dashes
        out.append("Case %s opened" % digits(9))
    for bad in ["QQ 12 34 56 C", "DF123456A", "AB123456E", "GB123456A", "NK 12 34 56 B", "TN123456C", "ZZ123456D", "VA123456A", "AO12345C"]:
        out.append("NI number %s" % bad)
    for _ in range(12):  # AHV with wrong check digits, and 756 numbers without AHV words
        out.append("AHV-Nr. %s" % ahv(valid=False))
    for _ in range(6):
        out.append("Barcode 756%s" % digits(10))
    for _ in range(12):  # tax IDs with wrong check digits; eleven-digit numbers without tax words
        out.append("Steuer-ID: %s" % tax_id(valid=False))
    for _ in range(8):
        out.append("Kundennummer %s" % tax_id().replace(" ", ""))
    for bad in ["logo@2x.png", "icon@3x.webp", "user@localhost", "@media print", "name@domain", "v1.2@3.4", "styles@2x.css", "@scope/package"]:
        out.append("asset %s" % bad)
    for _ in range(15):  # phone-shaped numbers with no phone words
        out.append(R.choice(["Ref 044 %s %s %s" % (digits(3), digits(2), digits(2)), "Invoice 0176 %s" % digits(8), "Order (%s) %s-%s" % (digits(3), digits(3), digits(4)),
                             "Batch 030 %s" % digits(7)]))
    for _ in range(20):  # dates without birth words
        year, month, day = R.randint(2018, 2026), R.randint(1, 12), R.randint(1, 28)
        out.append(R.choice(["Order date %02d.%02d.%d" % (day, month, year), "Delivered on %d-%02d-%02d" % (year, month, day),
                             "Invoice dated %02d/%02d/%d" % (month, day, year), "Valid until %02d.%02d.%d" % (day, month, year)]))
    for _ in range(30):  # codes next to words that make them something else
        out.append(R.choice(["Postal code %s" % digits(4), "ZIP code %s" % digits(5), "Promo code %s applied" % digits(4), "Error code %s" % digits(4),
                             "Invoice %s" % digits(6), "Order #%s" % digits(7), "PLZ %s Zürich" % digits(4), "HTTP status code 503", "Ticket %s" % digits(6),
                             "Customer %s" % digits(8), "Flight LX %s" % digits(4), "Room %s" % digits(4), "Price CHF %s.00" % digits(4),
                             "In %s we sold %s units" % (R.randint(1990, 2026), digits(5))]))
    for fake in ["sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", "sk_test_1234", "AKIAIOSFODNN7EXAMPLE", "AKIAXXXXXXXXXXXXXXXX", "eyJhbGciOi", "ghp_" + rand(ALNUM, 36),
                 "ghp_" + rand(ALNUM, 30) + "000000", "gho_" + rand(ALNUM, 36), "xoxb-not-a-token", "glpat-short", "npm_" + rand(ALNUM, 12),
                 "-----BEGIN PUBLIC KEY-----", "-----BEGIN CERTIFICATE-----", "AIzaShort", "SG.short.key", "sk_live_" + "a" * 24]:
        out.append("config %s" % fake)
    for _ in range(8):
        out.append("Withdraw to %s" % eth(valid=False))
    for _ in range(8):
        out.append("Wallet %s" % btc(valid=False))
    for _ in range(6):
        out.append("Wallet %s" % bech32(valid=False))
    for _ in range(8):
        out.append(R.choice(["commit %s" % rand("0123456789abcdef", 40), "Build 0x%s" % rand("0123456789abcdef", 40), "sha1 %s" % rand("0123456789abcdef", 40)]))
    for text in ["Room B12 on the second floor", "Seat F32 is a window seat", "Model E11 printer toner", "Paper size A4 and C56 envelopes",
                 "Depression in the housing market deepened", "Cancer is a zodiac sign", "The insulin pump firmware v2 ships in Q3 (product team)",
                 "Gate C50 closes at 9:40", "Route I10 is closed", "Vitamin B12 on sale", "Bus J45 leaves at noon", "Form K50 for the customs office",
                 "Krebs Engineering AG, Basel", "Asthma Street 4 is our warehouse", "Migraine-free mornings, says our coffee ad"]:
        out.append(text)
    for _ in range(10):  # versions, IPs, prices
        out.append(R.choice(["version %d.%d.%d" % (R.randint(0, 9), R.randint(0, 30), R.randint(0, 99)), "build %d.%d.%d.%d" % (R.randint(1, 9), R.randint(0, 9), R.randint(0, 99), R.randint(0, 999)),
                             "Total 1'%s.%s CHF" % (digits(3), digits(2)), "Betrag EUR %s,%s" % (digits(4), digits(2))]))
    return out


def main():
    lines = []
    for label, templates in POSITIVE_TEMPLATES.items():
        for _ in range(26):
            value = GENERATORS[label]()
            template = R.choice(templates)
            lines.append("%s\t%s\t%s" % (label, value, template.format(v=value)))
    for text in negatives():
        lines.append("none\t\t%s" % text)
    # IP addresses came later: their own generator, so the rows above stay as they were.
    ip = random.Random(20261202)
    for _ in range(26):
        if ip.random() < 0.6:
            value = ".".join(str(ip.randint(1 if i == 0 else 0, 254)) for i in range(4))
        else:
            groups = ["%x" % ip.randint(0, 0xFFFF) for _ in range(8)]
            groups[0] = "2001" if ip.random() < 0.5 else "fe80"
            value = ":".join(groups)
            if ip.random() < 0.5:
                value = ":".join(groups[:3]) + "::" + ":".join(groups[6:])
        template = ip.choice(["IP {v}", "Login from {v}", "X-Forwarded-For: {v}", "<td>{v}</td>", "Zugriff von {v} blockiert",
                              "ssh admin@{v}"])
        lines.append("ip-address\t%s\t%s" % (value, template.format(v=value)))
    for text in ["Uptime 12:30:45", "MAC 00:1a:2b:3c:4d:5e", "OID 1.3.6.1.4.1.311", "std::vector<int>", "Release 10.0.19041.1",
                 "Chrome 120.0.6099.109", "a::b", "Rule 1.2.3.4.5 applies", "Time 09:41"]:
        lines.append("none\t\t%s" % text)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
