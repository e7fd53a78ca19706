/// Builds large, realistic pages deterministically: a shop's order history with
/// checkout forms, tables, hidden inputs, comments, inline scripts and iframes.
enum PageGenerator {
    /// A page of at least `bytes` bytes of UTF-8.
    static func page(bytes: Int) -> [UInt8] {
        var html = """
            <!DOCTYPE html>
            <html lang="de-CH"><head><meta charset="utf-8"><title>Bestellungen – Alpenblick</title>
            <script>window.dataLayer=[];</script></head>
            <body class="orders"><header><nav><ul><li><a href="/">Start</a></li><li><a href="/konto">Konto</a></li></ul></nav></header>
            <main id="orders">

            """
        var index = 0
        while html.utf8.count < bytes {
            html += block(index)
            index += 1
        }
        html += "</main><footer><p>&copy; 2026 Alpenblick Outdoor AG</p></footer></body></html>\n"
        return Array(html.utf8)
    }

    private static func block(_ index: Int) -> String {
        let card = String(4_000_0000_0000_0000 + index * 7919)
        return """
            <section class="order" id="order-\(index)" data-order="\(index)">
              <!-- order \(index) for customer \(10_000 + index), Prüfsumme \(index % 97) -->
              <h2>Bestellung Nr. \(index)</h2>
              <table class="items"><thead><tr><th>Artikel</th><th>Menge</th><th>Preis</th></tr></thead>
              <tbody><tr><td>Wanderschuh Grösse \(38 + index % 10)</td><td>1</td><td class="amount">CHF \(index % 300).90</td></tr>
              <tr><td>Regenjacke</td><td>2</td><td class="amount">CHF 149.00</td></tr></tbody></table>
              <form class="reorder" action="/orders/\(index)/pay" method="post">
                <input type="hidden" name="csrf" value="tok-\(index)-a81f">
                <label for="cc-\(index)">Kartennummer</label>
                <input type="text" id="cc-\(index)" name="cardnumber" autocomplete="cc-number" value="\(card)">
                <label for="cvc-\(index)">Prüfnummer</label>
                <input type="password" id="cvc-\(index)" name="cvc" autocomplete="cc-csc" value="\(100 + index % 900)">
                <select name="country"><option value="CH" selected>Schweiz</option><option value="DE">Deutschland</option></select>
                <button type="submit" class="buy">Jetzt kaufen</button>
              </form>
              <script>track({order: \(index), email: "kunde\(index)@example.ch"});</script>
              <iframe src="https://pay.example-psp.com/fields?o=\(index)" title="Zahlung"></iframe>
            </section>

            """
    }
}
