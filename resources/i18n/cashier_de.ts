<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>BasketView</name>
    <message>
        <source>Article</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>Remove this line</source>
        <translation>Diese Zeile entfernen</translation>
    </message>
</context>
<context>
    <name>CardPanel</name>
    <message>
        <source>Customer card</source>
        <translation>Kundenkarte</translation>
    </message>
    <message>
        <source>Scan or type the card</source>
        <translation>Karte scannen/eintippen</translation>
    </message>
    <message>
        <source>OK
⏎</source>
        <translation>OK
⏎</translation>
    </message>
    <message>
        <source>Check the card</source>
        <translation>Karte prüfen</translation>
    </message>
    <message>
        <source>Remove the card from the sale</source>
        <translation>Karte aus dem Verkauf entfernen</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Inhaber</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Punkte</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Guthaben</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>Bonus</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(ohne Namen)</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>gesperrt</translation>
    </message>
    <message>
        <source>active · code checked</source>
        <translation>aktiv · Code geprüft</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
</context>
<context>
    <name>CashDialog</name>
    <message>
        <source>Cash</source>
        <translation>Barzahlung</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>Zu zahlen</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>Gegeben</translation>
    </message>
    <message>
        <source>Exact</source>
        <translation>Passend</translation>
    </message>
    <message>
        <source>Paid ⏎</source>
        <translation>Bezahlt ⏎</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>Es fehlen</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Rückgeld</translation>
    </message>
</context>
<context>
    <name>FreePricePanel</name>
    <message>
        <source>Free price</source>
        <translation>Freier Preis</translation>
    </message>
    <message>
        <source>Amount, e.g. {example}</source>
        <translation>Betrag, z. B. {example}</translation>
    </message>
    <message>
        <source>VAT {rate}</source>
        <translation>MwSt. {rate}</translation>
    </message>
    <message>
        <source>Add
⏎</source>
        <translation>Dazu
⏎</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Starting the till…</source>
        <translation>Die Kasse startet…</translation>
    </message>
    <message>
        <source>This till is not registered yet.&lt;br&gt;&lt;br&gt;Open &lt;b&gt;{url}&lt;/b&gt; and enter the code&lt;br&gt;&lt;span style=&apos;font-size: 30pt; font-weight: bold;&apos;&gt;{code}&lt;/span&gt;&lt;br&gt;&lt;br&gt;The code is valid until {time}. The till starts as soon as it is confirmed.</source>
        <translation>Diese Kasse ist noch nicht registriert.&lt;br&gt;&lt;br&gt;&lt;b&gt;{url}&lt;/b&gt; öffnen und diesen Code eingeben:&lt;br&gt;&lt;span style=&apos;font-size: 30pt; font-weight: bold;&apos;&gt;{code}&lt;/span&gt;&lt;br&gt;&lt;br&gt;Der Code gilt bis {time} Uhr. Die Kasse startet, sobald er bestätigt ist.</translation>
    </message>
    <message>
        <source>The till could not start.&lt;br&gt;&lt;br&gt;{reason}&lt;br&gt;&lt;br&gt;Close the window and try again.</source>
        <translation>Die Kasse konnte nicht starten.&lt;br&gt;&lt;br&gt;{reason}&lt;br&gt;&lt;br&gt;Fenster schließen und erneut versuchen.</translation>
    </message>
    <message>
        <source>Cashier — secucard till</source>
        <translation>Cashier — secucard-Kasse</translation>
    </message>
    <message>
        <source>A payment is running</source>
        <translation>Eine Zahlung läuft</translation>
    </message>
    <message>
        <source>A payment is running. Close the till as soon as it has finished?</source>
        <translation>Eine Zahlung läuft. Die Kasse schließen, sobald sie abgeschlossen ist?</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Ready — choose articles or scan the customer&apos;s card.</source>
        <translation>Bereit — Artikel wählen oder Kundenkarte scannen.</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>That did not work — please try again.</source>
        <translation>Das hat nicht geklappt — bitte noch einmal versuchen.</translation>
    </message>
    <message>
        <source>This input cannot be used — please check it.</source>
        <translation>Diese Eingabe ist nicht verwendbar — bitte prüfen.</translation>
    </message>
    <message>
        <source>Not possible at this step — finish or cancel the sale first.</source>
        <translation>In diesem Schritt nicht möglich — Verkauf erst abschließen oder abbrechen.</translation>
    </message>
    <message>
        <source>Card not recognised — check the number, or sell without the card.</source>
        <translation>Karte unbekannt — Nummer prüfen oder ohne Karte verkaufen.</translation>
    </message>
    <message>
        <source>Card locked — choose another payment method.</source>
        <translation>Karte gesperrt — andere Zahlungsart wählen.</translation>
    </message>
    <message numerus="yes">
        <source>Wrong security code — %n tries left.</source>
        <translation>
            <numerusform>Sicherheitscode falsch — noch %n Versuch.</numerusform>
            <numerusform>Sicherheitscode falsch — noch %n Versuche.</numerusform>
        </translation>
    </message>
    <message>
        <source>Too many wrong security codes — the card cannot pay in this sale. Choose another payment method.</source>
        <translation>Zu oft falscher Sicherheitscode — die Karte kann in diesem Verkauf nicht zahlen. Andere Zahlungsart wählen.</translation>
    </message>
    <message>
        <source>The card asks for its PIN — please enter it.</source>
        <translation>Die Karte verlangt ihre PIN — bitte eingeben lassen.</translation>
    </message>
    <message>
        <source>Wrong PIN — please enter it again.</source>
        <translation>PIN falsch — bitte noch einmal eingeben.</translation>
    </message>
    <message>
        <source>Not enough — check the cash given or the card&apos;s balance.</source>
        <translation>Reicht nicht — gegebenen Betrag oder Kartenguthaben prüfen.</translation>
    </message>
    <message>
        <source>Payment declined — nothing was charged. Choose another payment method or cancel the sale.</source>
        <translation>Zahlung abgelehnt — nichts wurde belastet. Andere Zahlungsart wählen oder den Verkauf abbrechen.</translation>
    </message>
    <message>
        <source>The payment was not carried out (connection lost) — nothing was charged. Try again.</source>
        <translation>Zahlung nicht durchgeführt (Verbindung unterbrochen) — nichts wurde belastet. Bitte erneut versuchen.</translation>
    </message>
    <message>
        <source>Payment outcome unclear — checking… Do not take the payment again.</source>
        <translation>Zahlungsergebnis unklar — wird geprüft… Die Zahlung nicht noch einmal annehmen.</translation>
    </message>
    <message>
        <source>secuconnect cannot be reached — check the connection, then try again.</source>
        <translation>secuconnect ist nicht erreichbar — Verbindung prüfen, dann erneut versuchen.</translation>
    </message>
    <message>
        <source>This sale cannot be cancelled.</source>
        <translation>Dieser Verkauf kann nicht storniert werden.</translation>
    </message>
    <message>
        <source>Please enter an amount.</source>
        <translation>Bitte einen Betrag eingeben.</translation>
    </message>
    <message>
        <source>That is not an amount — type e.g. {example}.</source>
        <translation>Das ist kein Betrag — z. B. {example} eingeben.</translation>
    </message>
    <message>
        <source>Amounts cannot be negative.</source>
        <translation>Beträge können nicht negativ sein.</translation>
    </message>
    <message>
        <source>An amount has at most two decimal places.</source>
        <translation>Ein Betrag hat höchstens zwei Nachkommastellen.</translation>
    </message>
    <message>
        <source>Thousands separator in the wrong place — type e.g. {example}.</source>
        <translation>Tausenderpunkt an der falschen Stelle — z. B. {example} eingeben.</translation>
    </message>
    <message>
        <source>The amount must be more than {zero}.</source>
        <translation>Der Betrag muss größer als {zero} sein.</translation>
    </message>
    <message>
        <source>That is more than the allowed maximum of {maximum}.</source>
        <translation>Das ist mehr als der erlaubte Höchstbetrag von {maximum}.</translation>
    </message>
    <message>
        <source>Please scan or type a card number.</source>
        <translation>Bitte eine Kartennummer scannen oder eintippen.</translation>
    </message>
    <message>
        <source>A card number has digits only — scan the card again or check what was typed.</source>
        <translation>Eine Kartennummer hat nur Ziffern — Karte erneut scannen oder Eingabe prüfen.</translation>
    </message>
    <message>
        <source>This card number is too short — scan the card again.</source>
        <translation>Diese Kartennummer ist zu kurz — Karte erneut scannen.</translation>
    </message>
    <message>
        <source>This card number is too long — scan the card again.</source>
        <translation>Diese Kartennummer ist zu lang — Karte erneut scannen.</translation>
    </message>
    <message>
        <source>A secucard number has 16 digits — scan the card again.</source>
        <translation>Eine secucard-Nummer hat 16 Ziffern — Karte erneut scannen.</translation>
    </message>
    <message>
        <source>Please enter the PIN.</source>
        <translation>Bitte die PIN eingeben.</translation>
    </message>
    <message>
        <source>Please enter the card&apos;s security code.</source>
        <translation>Bitte den Sicherheitscode der Karte eingeben.</translation>
    </message>
    <message>
        <source>The PIN has digits only.</source>
        <translation>Die PIN hat nur Ziffern.</translation>
    </message>
    <message>
        <source>The security code has digits only.</source>
        <translation>Der Sicherheitscode hat nur Ziffern.</translation>
    </message>
    <message>
        <source>The PIN has 4 to 8 digits.</source>
        <translation>Die PIN hat 4 bis 8 Ziffern.</translation>
    </message>
    <message>
        <source>The security code has 4 digits.</source>
        <translation>Der Sicherheitscode hat 4 Ziffern.</translation>
    </message>
    <message>
        <source>A basket line needs a description.</source>
        <translation>Eine Warenkorbzeile braucht eine Bezeichnung.</translation>
    </message>
    <message>
        <source>The description is too long.</source>
        <translation>Die Bezeichnung ist zu lang.</translation>
    </message>
    <message>
        <source>A price cannot be negative.</source>
        <translation>Ein Preis kann nicht negativ sein.</translation>
    </message>
    <message>
        <source>The quantity must be between 1 and 9999.</source>
        <translation>Die Menge muss zwischen 1 und 9999 liegen.</translation>
    </message>
    <message>
        <source>That is not an EAN (8, 12, 13 or 14 digits).</source>
        <translation>Das ist keine EAN (8, 12, 13 oder 14 Ziffern).</translation>
    </message>
    <message>
        <source>A card load must be more than {zero}.</source>
        <translation>Eine Aufladung muss größer als {zero} sein.</translation>
    </message>
    <message>
        <source>That basket line is gone — the basket has changed.</source>
        <translation>Diese Zeile gibt es nicht mehr — der Warenkorb hat sich geändert.</translation>
    </message>
    <message>
        <source>The basket total would be more than the allowed maximum of {maximum}.</source>
        <translation>Die Summe wäre höher als der erlaubte Höchstbetrag von {maximum}.</translation>
    </message>
    <message>
        <source>Unknown VAT rate — choose {standard}, {reduced} or {zero}.</source>
        <translation>Unbekannter Steuersatz — {standard}, {reduced} oder {zero} wählen.</translation>
    </message>
    <message>
        <source>Please enter the IBAN.</source>
        <translation>Bitte die IBAN eingeben.</translation>
    </message>
    <message>
        <source>An IBAN has letters and digits only and starts with its country, e.g. DE.</source>
        <translation>Eine IBAN hat nur Buchstaben und Ziffern und beginnt mit dem Land, z. B. DE.</translation>
    </message>
    <message>
        <source>No country with IBANs starts like this — check the first two letters.</source>
        <translation>Kein Land mit IBAN beginnt so — die ersten beiden Buchstaben prüfen.</translation>
    </message>
    <message>
        <source>The IBAN has the wrong length — compare it with the customer&apos;s card.</source>
        <translation>Die IBAN hat die falsche Länge — mit der Karte des Kunden vergleichen.</translation>
    </message>
    <message>
        <source>The IBAN is not valid — look for a typing error.</source>
        <translation>Die IBAN ist ungültig — auf Tippfehler prüfen.</translation>
    </message>
    <message>
        <source>Please enter the BIC.</source>
        <translation>Bitte die BIC eingeben.</translation>
    </message>
    <message>
        <source>A BIC has letters and digits only.</source>
        <translation>Eine BIC hat nur Buchstaben und Ziffern.</translation>
    </message>
    <message>
        <source>A BIC has 8 or 11 characters.</source>
        <translation>Eine BIC hat 8 oder 11 Zeichen.</translation>
    </message>
    <message>
        <source>The BIC is not valid — its first four characters are letters.</source>
        <translation>Die BIC ist ungültig — die ersten vier Zeichen sind Buchstaben.</translation>
    </message>
    <message>
        <source>The BIC names no known country — check characters 5 and 6.</source>
        <translation>Die BIC nennt kein bekanntes Land — Zeichen 5 und 6 prüfen.</translation>
    </message>
    <message>
        <source>The bonus cannot pay more than the sale.</source>
        <translation>Der Bonus kann nicht mehr als den Verkauf bezahlen.</translation>
    </message>
    <message>
        <source>The cash given is {missing} short.</source>
        <translation>Es fehlen {missing}.</translation>
    </message>
    <message>
        <source>The server&apos;s receipt could not be read — the sale is saved; check it in the journal.</source>
        <translation>Der Beleg des Servers ist unlesbar — der Verkauf ist gespeichert; im Journal prüfen.</translation>
    </message>
    <message>
        <source>Support reference: {support_id}</source>
        <translation>Support-Referenz: {support_id}</translation>
    </message>
    <message>
        <source>Unexpected error — the sale is saved. Please tell support the reference {reference}.</source>
        <translation>Unerwarteter Fehler — der Verkauf ist gespeichert. Bitte dem Support die Referenz {reference} nennen.</translation>
    </message>
    <message>
        <source>Receipt not printed — the sale is saved; reprint the receipt later.</source>
        <translation>Beleg nicht gedruckt — der Verkauf ist gespeichert; Beleg später nachdrucken.</translation>
    </message>
    <message>
        <source>Sale {sale}: the open payment went through; its receipt is queued.</source>
        <translation>Verkauf {sale}: Die offene Zahlung ist durchgegangen; der Beleg wird gedruckt.</translation>
    </message>
    <message>
        <source>Sale {sale}: the open payment was declined; nothing was charged.</source>
        <translation>Verkauf {sale}: Die offene Zahlung wurde abgelehnt; nichts wurde belastet.</translation>
    </message>
    <message>
        <source>Sale {sale}: the open payment was not carried out; nothing was charged.</source>
        <translation>Verkauf {sale}: Die offene Zahlung wurde nicht durchgeführt; nichts wurde belastet.</translation>
    </message>
    <message>
        <source>Sale {sale}: the open payment still cannot be checked — do not take it again; the till keeps checking.</source>
        <translation>Verkauf {sale}: Die offene Zahlung lässt sich noch nicht prüfen — nicht noch einmal kassieren; die Kasse prüft weiter.</translation>
    </message>
</context>
<context>
    <name>NumericKeypad</name>
    <message>
        <source>Delete the last character</source>
        <translation>Letztes Zeichen löschen</translation>
    </message>
    <message>
        <source>Clear the field</source>
        <translation>Feld leeren</translation>
    </message>
</context>
<context>
    <name>ResultDialog</name>
    <message>
        <source>Paid</source>
        <translation>Bezahlt</translation>
    </message>
    <message>
        <source>Sale {number} paid</source>
        <translation>Verkauf {number} bezahlt</translation>
    </message>
    <message>
        <source>Next customer ⏎</source>
        <translation>Nächster Kunde ⏎</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Bar</translation>
    </message>
    <message>
        <source>Card terminal</source>
        <translation>Kartenterminal</translation>
    </message>
    <message>
        <source>SEPA direct debit</source>
        <translation>SEPA-Lastschrift</translation>
    </message>
    <message>
        <source>Customer card</source>
        <translation>Kundenkarte</translation>
    </message>
    <message>
        <source>Sum</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>Paid by the card</source>
        <translation>Mit der Karte bezahlt</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>Gegeben</translation>
    </message>
    <message>
        <source>Card balance now</source>
        <translation>Kartenguthaben jetzt</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Rückgeld</translation>
    </message>
    <message>
        <source>New card: &lt;b&gt;{number}&lt;/b&gt;&lt;br&gt;Security code: &lt;b&gt;{csc}&lt;/b&gt;&lt;br&gt;Give both to the customer.</source>
        <translation>Neue Karte: &lt;b&gt;{number}&lt;/b&gt;&lt;br&gt;Sicherheitscode: &lt;b&gt;{csc}&lt;/b&gt;&lt;br&gt;Beides dem Kunden geben.</translation>
    </message>
    <message>
        <source>Receipt printed.</source>
        <translation>Beleg gedruckt.</translation>
    </message>
    <message>
        <source>Receipt NOT printed — the sale is saved; reprint it later.</source>
        <translation>Beleg NICHT gedruckt — der Verkauf ist gespeichert; später nachdrucken.</translation>
    </message>
</context>
<context>
    <name>SecurityCodeDialog</name>
    <message>
        <source>Security code</source>
        <translation>Sicherheitscode</translation>
    </message>
    <message>
        <source>Card security code</source>
        <translation>Sicherheitscode der Karte</translation>
    </message>
    <message>
        <source>The 4 digits on the back of the card. The customer may type them.</source>
        <translation>Die 4 Ziffern auf der Rückseite der Karte. Der Kunde kann sie selbst eintippen.</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>The card&apos;s PIN</source>
        <translation>PIN der Karte</translation>
    </message>
    <message>
        <source>This card asks for its PIN. Let the customer type it.</source>
        <translation>Diese Karte verlangt ihre PIN. Den Kunden eintippen lassen.</translation>
    </message>
    <message numerus="yes">
        <source>%n tries left</source>
        <translation>
            <numerusform>Noch %n Versuch</numerusform>
            <numerusform>Noch %n Versuche</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>The catalogue cannot be used: {problem}</source>
        <translation>Der Artikelkatalog ist nicht verwendbar: {problem}</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>A payment is already running — please wait for it to finish.</source>
        <translation>Es läuft schon eine Zahlung — bitte warten, bis sie abgeschlossen ist.</translation>
    </message>
</context>
<context>
    <name>TenderBar</name>
    <message>
        <source>Cash</source>
        <translation>Bar</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <source>SEPA</source>
        <translation>SEPA</translation>
    </message>
    <message>
        <source>Pay with card</source>
        <translation>Mit Karte zahlen</translation>
    </message>
    <message>
        <source>Cancel sale</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>TerminalDialog</name>
    <message>
        <source>Card terminal</source>
        <translation>Kartenterminal</translation>
    </message>
    <message>
        <source>Waiting for the card terminal…</source>
        <translation>Warten auf das Kartenterminal…</translation>
    </message>
    <message>
        <source>Let the customer pay at the terminal. This window closes by itself when the terminal answers.</source>
        <translation>Den Kunden am Terminal zahlen lassen. Dieses Fenster schließt sich, sobald das Terminal antwortet.</translation>
    </message>
</context>
<context>
    <name>TillModel</name>
    <message>
        <source>Free price</source>
        <translation>Freier Preis</translation>
    </message>
    <message>
        <source>Scan or type the customer&apos;s card first.</source>
        <translation>Erst die Kundenkarte scannen oder eintippen.</translation>
    </message>
    <message>
        <source>The card pays {paid}. Still to pay: {missing} — cash (F5) or terminal (F6).</source>
        <translation>Die Karte zahlt {paid}. Noch zu zahlen: {missing} — bar (F5) oder am Terminal (F6).</translation>
    </message>
    <message>
        <source>SEPA direct debit is not available at this till yet — take cash or use the terminal.</source>
        <translation>SEPA-Lastschrift gibt es an dieser Kasse noch nicht — bar oder am Terminal kassieren.</translation>
    </message>
    <message>
        <source>Sale {number} paid.</source>
        <translation>Verkauf {number} bezahlt.</translation>
    </message>
    <message>
        <source>Change: {change}</source>
        <translation>Rückgeld: {change}</translation>
    </message>
    <message>
        <source>Sale cancelled — nothing was charged.</source>
        <translation>Verkauf abgebrochen — nichts wurde belastet.</translation>
    </message>
    <message>
        <source>A payment is still being checked — please wait.</source>
        <translation>Eine Zahlung wird noch geprüft — bitte warten.</translation>
    </message>
    <message>
        <source>A payment is running — please wait for it to finish.</source>
        <translation>Eine Zahlung läuft — bitte warten, bis sie abgeschlossen ist.</translation>
    </message>
    <message>
        <source>The basket is empty — add articles first.</source>
        <translation>Der Warenkorb ist leer — erst Artikel erfassen.</translation>
    </message>
</context>
<context>
    <name>TillStatusBar</name>
    <message>
        <source>SIMULATOR</source>
        <translation>SIMULATOR</translation>
    </message>
    <message>
        <source>TEST</source>
        <translation>TEST</translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation>LIVE</translation>
    </message>
    <message>
        <source>CUSTOM SERVER</source>
        <translation>EIGENER SERVER</translation>
    </message>
    <message>
        <source>Till {till_id}</source>
        <translation>Kasse {till_id}</translation>
    </message>
    <message>
        <source>● online</source>
        <translation>● online</translation>
    </message>
    <message>
        <source>● offline</source>
        <translation>● offline</translation>
    </message>
    <message>
        <source>● checking a payment…</source>
        <translation>● Zahlung wird geprüft…</translation>
    </message>
    <message>
        <source>screen preview</source>
        <translation>Bildschirmvorschau</translation>
    </message>
    <message>
        <source>Printer: {name}</source>
        <translation>Drucker: {name}</translation>
    </message>
    <message numerus="yes">
        <source>%n receipt(s) not printed</source>
        <translation>
            <numerusform>%n Beleg nicht gedruckt</numerusform>
            <numerusform>%n Belege nicht gedruckt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TotalsView</name>
    <message>
        <source>Sum</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>Bonus</translation>
    </message>
    <message>
        <source>Card balance</source>
        <translation>Kartenguthaben</translation>
    </message>
    <message>
        <source>Declined — still to pay</source>
        <translation>Abgelehnt — noch zu zahlen</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>Zu zahlen</translation>
    </message>
</context>
</TS>
