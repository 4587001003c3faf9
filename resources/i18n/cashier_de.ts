<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ActionBar</name>
    <message>
        <source>Load card</source>
        <translation>Karte aufladen</translation>
    </message>
    <message>
        <source>New card</source>
        <translation>Neue Karte</translation>
    </message>
    <message>
        <source>Journal</source>
        <translation>Journal</translation>
    </message>
    <message>
        <source>End of day</source>
        <translation>Tagesabschluss</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Offline — cards are sold when the till is online.</source>
        <translation>Offline — Karten erst wieder, wenn die Kasse online ist.</translation>
    </message>
</context>
<context>
    <name>AdminPukDialog</name>
    <message>
        <source>Admin PUK of the TSE</source>
        <translation>Admin-PUK der TSE</translation>
    </message>
    <message>
        <source>Write down the admin PUK of the new TSE now</source>
        <translation>Schreiben Sie die Admin-PUK der neuen TSE jetzt auf</translation>
    </message>
    <message>
        <source>It is shown only this once. Keep it on paper in a safe place, away from the till: with it, and only with it, the TSE can be unlocked if its admin PIN is ever blocked. The till keeps a copy in its secret store.</source>
        <translation>Sie wird nur dieses eine Mal angezeigt. Bewahren Sie sie auf Papier an einem sicheren Ort auf, nicht bei der Kasse: Mit ihr, und nur mit ihr, lässt sich die TSE entsperren, falls ihre Admin-PIN einmal gesperrt ist. Die Kasse bewahrt eine Kopie in ihrem Geheimnisspeicher auf.</translation>
    </message>
    <message>
        <source>I have written it down</source>
        <translation>Ich habe sie aufgeschrieben</translation>
    </message>
</context>
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
    <name>CardLoadDialog</name>
    <message>
        <source>Load card</source>
        <translation>Karte aufladen</translation>
    </message>
    <message>
        <source>Load the card</source>
        <translation>Guthaben auf die Karte laden</translation>
    </message>
    <message>
        <source>Load ⏎</source>
        <translation>Aufladen ⏎</translation>
    </message>
    <message>
        <source>Cancel Esc</source>
        <translation>Abbrechen Esc</translation>
    </message>
    <message>
        <source>Card {number} · {holder} · credit now {balance}</source>
        <translation>Karte {number} · {holder} · Guthaben jetzt {balance}</translation>
    </message>
    <message>
        <source>no holder</source>
        <translation>ohne Inhaber</translation>
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
        <source>offline — cards later</source>
        <translation>offline — Karten später</translation>
    </message>
    <message>
        <source>Bonus is credited later</source>
        <translation>Bonus wird später gutgeschrieben</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>another number typed — Enter checks it</source>
        <translation>andere Nummer eingegeben — Enter prüft sie</translation>
    </message>
    <message>
        <source>not checked (offline)</source>
        <translation>nicht geprüft (offline)</translation>
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
    <name>CardSales</name>
    <message>
        <source>Scan or type the customer&apos;s card first, then load it (F9).</source>
        <translation>Zuerst die Kundenkarte scannen oder eintippen, dann aufladen (F9).</translation>
    </message>
    <message>
        <source>This sale has articles — a card is loaded in a sale of its own. Finish this one first.</source>
        <translation>Dieser Verkauf enthält Artikel — eine Karte wird in einem eigenen Verkauf aufgeladen. Erst diesen abschließen.</translation>
    </message>
    <message>
        <source>The card is no longer in the sale — scan it again.</source>
        <translation>Die Karte ist nicht mehr im Verkauf — bitte erneut scannen.</translation>
    </message>
    <message>
        <source>{amount} to load — take the payment: cash (F5), terminal (F6) or SEPA (F7).</source>
        <translation>{amount} aufladen — jetzt kassieren: bar (F5), Terminal (F6) oder SEPA (F7).</translation>
    </message>
    <message>
        <source>A new card is sold on its own — finish or cancel this sale first (Esc).</source>
        <translation>Eine neue Karte wird einzeln verkauft — diesen Verkauf erst abschließen oder abbrechen (Esc).</translation>
    </message>
    <message>
        <source>This shop has no card groups to issue cards from — ask the secucard support.</source>
        <translation>Für diesen Shop gibt es keine Kartengruppe, aus der Karten ausgegeben werden können — bitte den secucard-Support fragen.</translation>
    </message>
    <message>
        <source>New card with {amount} — take the payment: cash (F5), terminal (F6) or SEPA (F7).</source>
        <translation>Neue Karte mit {amount} — jetzt kassieren: bar (F5), Terminal (F6) oder SEPA (F7).</translation>
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
        <source>Offline: the whole amount in cash — the card&apos;s balance and bonus pay nothing now.</source>
        <translation>Offline: der ganze Betrag bar — Guthaben und Bonus der Karte zahlen jetzt nichts.</translation>
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
        <source>Cancel Esc</source>
        <translation>Abbrechen Esc</translation>
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
    <name>CatalogPage</name>
    <message>
        <source>Articles for the quick keys</source>
        <translation>Artikel für die Schnelltasten</translation>
    </message>
    <message>
        <source>Choose a catalogue file…</source>
        <translation>Katalogdatei wählen…</translation>
    </message>
    <message>
        <source>Use the demo catalogue</source>
        <translation>Demo-Katalog verwenden</translation>
    </message>
    <message>
        <source>A catalogue is a JSON file with the shop&apos;s articles (name, price, VAT rate). The quick keys change when you save.</source>
        <translation>Ein Katalog ist eine JSON-Datei mit den Artikeln des Geschäfts (Name, Preis, MwSt.-Satz). Die Schnelltasten ändern sich beim Speichern.</translation>
    </message>
    <message>
        <source>Catalogue file</source>
        <translation>Katalogdatei</translation>
    </message>
    <message>
        <source>Catalogues (*.json)</source>
        <translation>Kataloge (*.json)</translation>
    </message>
    <message>
        <source>The demo catalogue</source>
        <translation>Der Demo-Katalog</translation>
    </message>
    <message>
        <source>{name}: {articles} articles, {keys} of them quick keys</source>
        <translation>{name}: {articles} Artikel, davon {keys} Schnelltasten</translation>
    </message>
</context>
<context>
    <name>EarlyTill</name>
    <message>
        <source>The till is still starting — please wait a moment.</source>
        <translation>Die Kasse startet noch — bitte einen Moment warten.</translation>
    </message>
    <message>
        <source>The card will be checked as soon as the till is ready.</source>
        <translation>Karte wird geprüft, sobald die Kasse bereit ist.</translation>
    </message>
</context>
<context>
    <name>EndOfDayDialog</name>
    <message>
        <source>End of day</source>
        <translation>Tagesabschluss</translation>
    </message>
    <message>
        <source>Z report</source>
        <translation>Z-Bericht</translation>
    </message>
    <message>
        <source>Card terminal</source>
        <translation>Kartenterminal</translation>
    </message>
    <message>
        <source>Print Z report</source>
        <translation>Z-Bericht drucken</translation>
    </message>
    <message>
        <source>Terminal end of day</source>
        <translation>Terminal-Kassenschnitt</translation>
    </message>
    <message>
        <source>Terminal diagnosis</source>
        <translation>Terminal-Diagnose</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>End of day — {day}</source>
        <translation>Tagesabschluss — {day}</translation>
    </message>
    <message>
        <source>Cash point closing no.</source>
        <translation>Kassenabschluss Nr.</translation>
    </message>
    <message>
        <source>Number of sales</source>
        <translation>Anzahl Verkäufe</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Umsatz</translation>
    </message>
    <message>
        <source>Payment methods</source>
        <translation>Zahlungsarten</translation>
    </message>
    <message>
        <source>Card balance</source>
        <translation>Kartenguthaben</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Bar</translation>
    </message>
    <message>
        <source>Card payment</source>
        <translation>Kartenzahlung</translation>
    </message>
    <message>
        <source>Direct debit</source>
        <translation>Lastschrift</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>of which in progress</source>
        <translation>davon in Bearbeitung</translation>
    </message>
    <message>
        <source>Card loads</source>
        <translation>Kartenaufladungen</translation>
    </message>
    <message>
        <source>Bonus granted</source>
        <translation>Bonus vergeben</translation>
    </message>
    <message>
        <source>Bonus redeemed</source>
        <translation>Bonus eingelöst</translation>
    </message>
    <message>
        <source>Cancellations</source>
        <translation>Stornos</translation>
    </message>
    <message>
        <source>Open — check in the journal (F9)</source>
        <translation>Offen — im Journal prüfen (F9)</translation>
    </message>
    <message>
        <source>payment unclear</source>
        <translation>Zahlung unklar</translation>
    </message>
    <message>
        <source>cancellation unclear</source>
        <translation>Storno unklar</translation>
    </message>
    <message>
        <source>Sale {number}, {time}: {what}</source>
        <translation>Verkauf {number}, {time}: {what}</translation>
    </message>
    <message>
        <source>Offline sales</source>
        <translation>Offline-Verkäufe</translation>
    </message>
    <message>
        <source>still to book</source>
        <translation>noch zu buchen</translation>
    </message>
    <message>
        <source>booked late</source>
        <translation>nachgebucht</translation>
    </message>
    <message>
        <source>of which without card</source>
        <translation>davon ohne Karte</translation>
    </message>
    <message>
        <source>TSE</source>
        <translation>TSE</translation>
    </message>
    <message>
        <source>without TSE signature</source>
        <translation>ohne TSE-Signatur</translation>
    </message>
    <message>
        <source>TSE outages</source>
        <translation>TSE-Ausfälle</translation>
    </message>
    <message>
        <source>Terminal end of day: sends the day&apos;s card payments to the bank; they can no longer be reversed afterwards.
Terminal diagnosis: checks the terminal and its connection.</source>
        <translation>Terminal-Kassenschnitt: übermittelt die Kartenzahlungen des Tages an die Bank; danach können sie nicht mehr storniert werden.
Terminal-Diagnose: prüft das Terminal und seine Verbindung.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>NOT OK ({status})</source>
        <translation>NICHT OK ({status})</translation>
    </message>
    <message>
        <source>Close the card terminal&apos;s day now?
Its card payments go to the bank and can no longer be reversed afterwards.</source>
        <translation>Jetzt den Kassenschnitt am Kartenterminal machen?
Die Kartenzahlungen gehen an die Bank und können danach nicht mehr storniert werden.</translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation>Kassenschnitt machen</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Nicht jetzt</translation>
    </message>
</context>
<context>
    <name>EndOfDayModel</name>
    <message>
        <source>Preparing the Z report…</source>
        <translation>Z-Bericht wird erstellt …</translation>
    </message>
    <message>
        <source>Printing the Z report…</source>
        <translation>Z-Bericht wird gedruckt …</translation>
    </message>
    <message>
        <source>The card terminal closes its day…</source>
        <translation>Das Kartenterminal macht den Kassenschnitt …</translation>
    </message>
    <message>
        <source>The card terminal checks itself…</source>
        <translation>Das Kartenterminal prüft sich …</translation>
    </message>
    <message>
        <source>Z report printed.</source>
        <translation>Z-Bericht gedruckt.</translation>
    </message>
    <message>
        <source>Z report not printed — it is saved; print it again later.</source>
        <translation>Z-Bericht nicht gedruckt — er ist gespeichert; später erneut drucken.</translation>
    </message>
    <message>
        <source>The card terminal closed its day.</source>
        <translation>Das Kartenterminal hat den Kassenschnitt gemacht.</translation>
    </message>
    <message>
        <source>The card terminal did not close its day (answer: {status}).</source>
        <translation>Das Kartenterminal hat den Kassenschnitt nicht gemacht (Antwort: {status}).</translation>
    </message>
    <message>
        <source>Terminal diagnosis: the terminal works.</source>
        <translation>Terminal-Diagnose: Das Terminal funktioniert.</translation>
    </message>
    <message>
        <source>Terminal diagnosis: the terminal reports a problem ({status}).</source>
        <translation>Terminal-Diagnose: Das Terminal meldet ein Problem ({status}).</translation>
    </message>
</context>
<context>
    <name>EnvironmentPage</name>
    <message>
        <source>Till id</source>
        <translation>Kassen-ID</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>Client-ID</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Client-Secret</translation>
    </message>
    <message>
        <source>Vendor name</source>
        <translation>Vendor-Name</translation>
    </message>
    <message>
        <source>Saving a new till id restarts the till.</source>
        <translation>Eine neue Kassen-ID startet die Kasse beim Speichern neu.</translation>
    </message>
    <message>
        <source>Simulator
(training)</source>
        <translation>Simulator
(Schulung)</translation>
    </message>
    <message>
        <source>Testing
(secuconnect test)</source>
        <translation>Test
(secuconnect-Test)</translation>
    </message>
    <message>
        <source>Live
(real payments)</source>
        <translation>Live
(echte Zahlungen)</translation>
    </message>
    <message>
        <source>Other server</source>
        <translation>Anderer Server</translation>
    </message>
    <message>
        <source>from secuconnect, for this shop</source>
        <translation>von secuconnect, für dieses Geschäft</translation>
    </message>
    <message>
        <source>from secupay, with the client id</source>
        <translation>von secupay, mit der Client-ID</translation>
    </message>
    <message>
        <source>Register the till in this environment…</source>
        <translation>Kasse in dieser Umgebung anmelden…</translation>
    </message>
    <message>
        <source>Registering shows a code to confirm on the secuconnect website; then the till restarts in the new environment. The simulator needs no registration.</source>
        <translation>Beim Anmelden erscheint ein Code, den Sie auf der secuconnect-Website bestätigen; danach startet die Kasse in der neuen Umgebung neu. Der Simulator braucht keine Anmeldung.</translation>
    </message>
    <message>
        <source>Simulator</source>
        <translation>Simulator</translation>
    </message>
    <message>
        <source>Testing</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>The till needs an id, e.g. KASSE-1.</source>
        <translation>Die Kasse braucht eine ID, z. B. KASSE-1.</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, e.g. https://connect.example.com.</source>
        <translation>Geben Sie die Adresse des Servers ein, z. B. https://connect.example.com.</translation>
    </message>
    <message>
        <source>Enter the client id secuconnect gave you for this shop.</source>
        <translation>Geben Sie die Client-ID ein, die Sie von secuconnect für dieses Geschäft erhalten haben.</translation>
    </message>
    <message>
        <source>Enter the client secret that belongs to the client id.</source>
        <translation>Geben Sie das Client-Secret zur Client-ID ein.</translation>
    </message>
    <message>
        <source>Now: {environment} · till {till_id}</source>
        <translation>Jetzt: {environment} · Kasse {till_id}</translation>
    </message>
    <message>
        <source>stored — type a new one only to replace it</source>
        <translation>gespeichert — nur zum Ersetzen ein neues eingeben</translation>
    </message>
    <message>
        <source>Enter the vendor name secupay gave you with the client id.</source>
        <translation>Geben Sie den Vendor-Namen ein, den Sie von secupay mit der Client-ID erhalten haben.</translation>
    </message>
    <message>
        <source>The vendor name may hold only letters (a–z, A–Z), digits, _ and - — no spaces, umlauts or /.</source>
        <translation>Der Vendor-Name darf nur Buchstaben (a–z, A–Z), Ziffern, _ und - enthalten — keine Leerzeichen, Umlaute oder /.</translation>
    </message>
</context>
<context>
    <name>EnvironmentStep</name>
    <message>
        <source>Where should the till work?</source>
        <translation>Wo soll die Kasse arbeiten?</translation>
    </message>
    <message>
        <source>Keep the demo simulator
(training, no real payments)</source>
        <translation>Demo-Simulator behalten
(Training, keine echten Zahlungen)</translation>
    </message>
    <message>
        <source>secuconnect testing
(test payments)</source>
        <translation>secuconnect Test
(Testzahlungen)</translation>
    </message>
    <message>
        <source>secuconnect live
(real payments)</source>
        <translation>secuconnect Live
(echte Zahlungen)</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>Client-ID</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Client-Secret</translation>
    </message>
    <message>
        <source>Vendor name</source>
        <translation>Vendor-Name</translation>
    </message>
    <message>
        <source>from secuconnect, for this shop</source>
        <translation>von secuconnect, für dieses Geschäft</translation>
    </message>
    <message>
        <source>from secupay, with the client id</source>
        <translation>von secupay, mit der Client-ID</translation>
    </message>
    <message>
        <source>Enter the client id secuconnect gave you for this shop.</source>
        <translation>Bitte die Client-ID eingeben, die secuconnect für dieses Geschäft vergeben hat.</translation>
    </message>
    <message>
        <source>Enter the client secret that belongs to the client id.</source>
        <translation>Bitte das Client-Secret eingeben, das zur Client-ID gehört.</translation>
    </message>
    <message>
        <source>After Finish the till shows a code to confirm on the secuconnect website; then it restarts there. Until then it keeps working on the simulator.</source>
        <translation>Nach „Fertig“ zeigt die Kasse einen Code, der auf der secuconnect-Website bestätigt wird; dann startet sie dort neu. Bis dahin arbeitet sie weiter mit dem Simulator.</translation>
    </message>
    <message>
        <source>The till works on the built-in simulator with the demo shop and demo cards. Register it with secuconnect later in the settings.</source>
        <translation>Die Kasse arbeitet mit dem eingebauten Simulator, dem Demo-Geschäft und den Demo-Karten. Bei secuconnect registrieren Sie sie später in den Einstellungen.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>This cannot be saved: {problem}</source>
        <translation>Das kann nicht gespeichert werden: {problem}</translation>
    </message>
    <message>
        <source>The settings could not be saved: {problem}</source>
        <translation>Die Einstellungen konnten nicht gespeichert werden: {problem}</translation>
    </message>
    <message>
        <source>Set up the till</source>
        <translation>Kasse einrichten</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Your shop</source>
        <translation>Ihr Geschäft</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Bondrucker</translation>
    </message>
    <message>
        <source>TSE (Germany)</source>
        <translation>TSE (Deutschland)</translation>
    </message>
    <message>
        <source>secuconnect</source>
        <translation>secuconnect</translation>
    </message>
    <message>
        <source>Set-up, step {number} of {count}: {name}</source>
        <translation>Einrichtung, Schritt {number} von {count}: {name}</translation>
    </message>
    <message>
        <source>Welcome to Cashier! The till already works with the demo shop on the simulator. A few steps make it yours — or skip them and change everything later in the settings.</source>
        <translation>Willkommen bei Cashier! Die Kasse arbeitet bereits mit dem Demo-Geschäft im Simulator. Mit wenigen Schritten wird sie zu Ihrer — oder Sie überspringen sie und ändern alles später in den Einstellungen.</translation>
    </message>
    <message>
        <source>Skip set-up</source>
        <translation>Einrichtung überspringen</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
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
    <name>JournalDialog</name>
    <message>
        <source>Journal</source>
        <translation>Journal</translation>
    </message>
    <message>
        <source>Search: card number (or its end), sale or receipt no. ({key})</source>
        <translation>Suche: Kartennummer (oder ihr Ende), Verkaufs- oder Beleg-Nr. ({key})</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Paid with</source>
        <translation>Bezahlt mit</translation>
    </message>
    <message>
        <source>Sum</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Preview receipt</source>
        <translation>Belegvorschau</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>Nachdrucken</translation>
    </message>
    <message>
        <source>Cancel sale</source>
        <translation>Verkauf stornieren</translation>
    </message>
    <message>
        <source>Reverse terminal payment</source>
        <translation>Terminalzahlung stornieren</translation>
    </message>
    <message>
        <source>Check payment</source>
        <translation>Zahlung prüfen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Journal — {count} found</source>
        <translation>Journal — {count} gefunden</translation>
    </message>
    <message>
        <source>Journal — today</source>
        <translation>Journal — heute</translation>
    </message>
    <message>
        <source>Sale {number}: {document}</source>
        <translation>Verkauf {number}: {document}</translation>
    </message>
    <message>
        <source>Set the payment aside</source>
        <translation>Zahlung zurückstellen</translation>
    </message>
    <message>
        <source>secuconnect cannot say yet what became of the payment of sale {number} ({amount}).
Set it aside, so that the till takes new sales? Check in SecuOffice whether the customer was charged. The till keeps checking this payment for 30 days and completes the sale if it went through.</source>
        <translation>secuconnect kann noch nicht sagen, was aus der Zahlung von Verkauf {number} ({amount}) wurde.
Zurückstellen, damit die Kasse neue Verkäufe annimmt? Prüfen Sie in SecuOffice, ob der Kunde belastet wurde. Die Kasse prüft diese Zahlung 30 Tage lang weiter und schließt den Verkauf ab, falls sie ausgeführt wurde.</translation>
    </message>
    <message>
        <source>Set aside</source>
        <translation>Zurückstellen</translation>
    </message>
    <message>
        <source>Keep checking</source>
        <translation>Weiter prüfen</translation>
    </message>
    <message>
        <source>Reverse the terminal payment of sale {number} (terminal receipt no. {receipt})?
{given_back}
This cannot be undone.</source>
        <translation>Kartenzahlung von Verkauf {number} (Terminal-Belegnr. {receipt}) stornieren?
{given_back}
Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Cancel sale {number} of {time}?
{given_back}
This cannot be undone.</source>
        <translation>Verkauf {number} von {time} stornieren?
{given_back}
Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Reverse payment</source>
        <translation>Zahlung stornieren</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Nicht stornieren</translation>
    </message>
</context>
<context>
    <name>JournalModel</name>
    <message>
        <source>Printing…</source>
        <translation>Wird gedruckt …</translation>
    </message>
    <message>
        <source>Copy printed.</source>
        <translation>Kopie gedruckt.</translation>
    </message>
    <message>
        <source>Printed.</source>
        <translation>Gedruckt.</translation>
    </message>
    <message>
        <source>Reversing the terminal payment of sale {number}…</source>
        <translation>Terminalzahlung von Verkauf {number} wird storniert …</translation>
    </message>
    <message>
        <source>Cancelling sale {number}…</source>
        <translation>Verkauf {number} wird storniert …</translation>
    </message>
    <message>
        <source>Terminal payment of sale {number} reversed.</source>
        <translation>Terminalzahlung von Verkauf {number} storniert.</translation>
    </message>
    <message>
        <source>Sale {number} cancelled.</source>
        <translation>Verkauf {number} storniert.</translation>
    </message>
    <message>
        <source>Give the customer {amount} back in cash.</source>
        <translation>Dem Kunden {amount} bar zurückgeben.</translation>
    </message>
    <message>
        <source>{amount} goes back to the customer&apos;s bank card.</source>
        <translation>{amount} gehen zurück auf die Bankkarte des Kunden.</translation>
    </message>
    <message>
        <source>The direct debit of {amount} is cancelled.</source>
        <translation>Die Lastschrift über {amount} ist storniert.</translation>
    </message>
    <message>
        <source>Cancellation receipt printed.</source>
        <translation>Stornobeleg gedruckt.</translation>
    </message>
    <message>
        <source>Cancellation receipt NOT printed — it is saved; reprint it later.</source>
        <translation>Stornobeleg NICHT gedruckt — er ist gespeichert; später nachdrucken.</translation>
    </message>
    <message>
        <source>Asking secuconnect about sale {number}…</source>
        <translation>Frage secuconnect nach Verkauf {number} …</translation>
    </message>
</context>
<context>
    <name>JournalTexts</name>
    <message>
        <source>Sale</source>
        <translation>Verkauf</translation>
    </message>
    <message>
        <source>Card load</source>
        <translation>Aufladung</translation>
    </message>
    <message>
        <source>New card</source>
        <translation>Neue Karte</translation>
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
        <source>SEPA debit</source>
        <translation>SEPA-Lastschrift</translation>
    </message>
    <message>
        <source>Customer card</source>
        <translation>Kundenkarte</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>payment unclear</source>
        <translation>Zahlung unklar</translation>
    </message>
    <message>
        <source>paid, not printed</source>
        <translation>bezahlt, nicht gedruckt</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>bezahlt</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>aborted</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>cancellation unclear</source>
        <translation>Storno unklar</translation>
    </message>
    <message>
        <source>direct debit in progress</source>
        <translation>Lastschrift in Bearbeitung</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>storniert</translation>
    </message>
    <message>
        <source>not carried out</source>
        <translation>nicht ausgeführt</translation>
    </message>
    <message>
        <source>set aside</source>
        <translation>zurückgestellt</translation>
    </message>
    <message>
        <source>The payment was declined — nothing was charged.</source>
        <translation>Die Zahlung wurde abgelehnt — nichts wurde belastet.</translation>
    </message>
    <message>
        <source>secuconnect confirmed the payment was not carried out — nothing was charged.</source>
        <translation>secuconnect hat bestätigt, dass die Zahlung nicht ausgeführt wurde — nichts wurde belastet.</translation>
    </message>
    <message>
        <source>secuconnect refused to start the payment — nothing was charged.</source>
        <translation>secuconnect hat den Start der Zahlung abgelehnt — nichts wurde belastet.</translation>
    </message>
    <message>
        <source>secuconnect has not confirmed the payment yet — do not take it again; Check payment (F9).</source>
        <translation>secuconnect hat die Zahlung noch nicht bestätigt — nicht noch einmal kassieren; Zahlung prüfen (F9).</translation>
    </message>
    <message>
        <source>Set aside with its outcome unknown. The till keeps checking it for 30 days and completes the sale if the payment went through.</source>
        <translation>Zurückgestellt, Ergebnis unbekannt. Die Kasse prüft die Zahlung 30 Tage lang weiter und schließt den Verkauf ab, falls sie ausgeführt wurde.</translation>
    </message>
    <message>
        <source>The direct debit failed after the sale — the money did not come.</source>
        <translation>Die Lastschrift ist nach dem Verkauf gescheitert — das Geld ist nicht eingegangen.</translation>
    </message>
    <message>
        <source>The cancellation is not confirmed yet — give no money back; Check payment (F9).</source>
        <translation>Der Storno ist noch nicht bestätigt — kein Geld zurückgeben; Zahlung prüfen (F9).</translation>
    </message>
    <message>
        <source>secuconnect refused the cancellation; the sale stands.</source>
        <translation>secuconnect hat den Storno abgelehnt; der Verkauf bleibt bestehen.</translation>
    </message>
    <message>
        <source>Something went wrong — see the history below.</source>
        <translation>Etwas ist schiefgegangen — siehe den Verlauf unten.</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Kassenbeleg</translation>
    </message>
    <message>
        <source>Merchant copy</source>
        <translation>Händlerbeleg</translation>
    </message>
    <message>
        <source>Cancellation receipt</source>
        <translation>Stornobeleg</translation>
    </message>
    <message>
        <source>Z report</source>
        <translation>Z-Bericht</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>{document} (copy)</source>
        <translation>{document} (Kopie)</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>gedruckt</translation>
    </message>
    <message>
        <source>NOT printed</source>
        <translation>NICHT gedruckt</translation>
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
        <source>{amount} back in cash from the drawer</source>
        <translation>{amount} bar aus der Kasse zurückgeben</translation>
    </message>
    <message>
        <source>{amount} back to the customer&apos;s bank card</source>
        <translation>{amount} zurück auf die Bankkarte des Kunden</translation>
    </message>
    <message>
        <source>the direct debit of {amount} is cancelled</source>
        <translation>die Lastschrift über {amount} wird storniert</translation>
    </message>
    <message>
        <source>{amount} went back onto the customer card&apos;s balance.</source>
        <translation>{amount} sind zurück auf dem Guthaben der Kundenkarte.</translation>
    </message>
    <message>
        <source>{amount} back onto the customer card&apos;s balance</source>
        <translation>{amount} zurück auf das Guthaben der Kundenkarte</translation>
    </message>
    <message>
        <source>{amount} bonus went back onto the customer card.</source>
        <translation>{amount} Bonus sind zurück auf der Kundenkarte.</translation>
    </message>
    <message>
        <source>{amount} bonus back onto the customer card</source>
        <translation>{amount} Bonus zurück auf die Kundenkarte</translation>
    </message>
    <message>
        <source>The {amount} bonus the sale collected was taken off the card.</source>
        <translation>Der mit dem Verkauf gesammelte Bonus von {amount} wurde von der Karte abgebucht.</translation>
    </message>
    <message>
        <source>the {amount} bonus the sale collected comes off the card</source>
        <translation>der mit dem Verkauf gesammelte Bonus von {amount} wird von der Karte abgebucht</translation>
    </message>
    <message>
        <source>The {amount} loaded onto the card was taken off it.</source>
        <translation>Die aufgeladenen {amount} wurden von der Karte abgebucht.</translation>
    </message>
    <message>
        <source>the {amount} loaded onto the card comes off it</source>
        <translation>die aufgeladenen {amount} werden von der Karte abgebucht</translation>
    </message>
    <message>
        <source>basket open</source>
        <translation>Warenkorb offen</translation>
    </message>
    <message>
        <source>card attached</source>
        <translation>Karte erfasst</translation>
    </message>
    <message>
        <source>security code checked</source>
        <translation>Sicherheitscode geprüft</translation>
    </message>
    <message>
        <source>card applied</source>
        <translation>Karte angerechnet</translation>
    </message>
    <message>
        <source>payment running</source>
        <translation>Zahlung läuft</translation>
    </message>
    <message>
        <source>paid, receipt printed</source>
        <translation>bezahlt, Beleg gedruckt</translation>
    </message>
    <message>
        <source>cancellation running</source>
        <translation>Storno läuft</translation>
    </message>
    <message>
        <source>Card read</source>
        <translation>Karte gelesen</translation>
    </message>
    <message>
        <source>Card removed</source>
        <translation>Karte entfernt</translation>
    </message>
    <message>
        <source>Security code correct</source>
        <translation>Sicherheitscode richtig</translation>
    </message>
    <message>
        <source>Card balance and bonus applied</source>
        <translation>Guthaben und Bonus angerechnet</translation>
    </message>
    <message>
        <source>Sale aborted</source>
        <translation>Verkauf abgebrochen</translation>
    </message>
    <message>
        <source>Cash payment sent</source>
        <translation>Barzahlung gesendet</translation>
    </message>
    <message>
        <source>Payment at the card terminal started</source>
        <translation>Zahlung am Kartenterminal gestartet</translation>
    </message>
    <message>
        <source>Direct debit sent</source>
        <translation>Lastschrift gesendet</translation>
    </message>
    <message>
        <source>Payment with the customer card sent</source>
        <translation>Zahlung mit der Kundenkarte gesendet</translation>
    </message>
    <message>
        <source>Payment declined</source>
        <translation>Zahlung abgelehnt</translation>
    </message>
    <message>
        <source>Payment not started</source>
        <translation>Zahlung nicht gestartet</translation>
    </message>
    <message>
        <source>Payment not carried out (confirmed by secuconnect)</source>
        <translation>Zahlung nicht ausgeführt (von secuconnect bestätigt)</translation>
    </message>
    <message>
        <source>Direct debit requested, not confirmed yet</source>
        <translation>Lastschrift angefragt, noch nicht bestätigt</translation>
    </message>
    <message>
        <source>Payment confirmed</source>
        <translation>Zahlung bestätigt</translation>
    </message>
    <message>
        <source>Receipt printed</source>
        <translation>Beleg gedruckt</translation>
    </message>
    <message>
        <source>Payment booked late by secuconnect</source>
        <translation>Zahlung von secuconnect verspätet gebucht</translation>
    </message>
    <message>
        <source>Payment set aside</source>
        <translation>Zahlung zurückgestellt</translation>
    </message>
    <message>
        <source>Direct debit confirmed</source>
        <translation>Lastschrift bestätigt</translation>
    </message>
    <message>
        <source>Direct debit failed</source>
        <translation>Lastschrift fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancellation sent</source>
        <translation>Storno gesendet</translation>
    </message>
    <message>
        <source>Reversal of the terminal payment sent</source>
        <translation>Storno der Kartenzahlung gesendet</translation>
    </message>
    <message>
        <source>Cancellation refused</source>
        <translation>Storno abgelehnt</translation>
    </message>
    <message>
        <source>Cancellation confirmed</source>
        <translation>Storno bestätigt</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Language of the till</source>
        <translation>Sprache der Kasse</translation>
    </message>
    <message>
        <source>Automatic
({language} on this computer)</source>
        <translation>Automatisch
({language} auf diesem Computer)</translation>
    </message>
    <message>
        <source>The till switches at once. Receipts are always printed in German.</source>
        <translation>Die Kasse wechselt sofort. Belege werden immer auf Deutsch gedruckt.</translation>
    </message>
    <message>
        <source>Amounts look like this: {amount}</source>
        <translation>So sehen Beträge aus: {amount}</translation>
    </message>
</context>
<context>
    <name>LoadAmountPicker</name>
    <message>
        <source>No load</source>
        <translation>Ohne Aufladung</translation>
    </message>
    <message>
        <source>Other amount, e.g. {example}</source>
        <translation>Anderer Betrag, z. B. {example}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Starting the till…</source>
        <translation>Die Kasse startet…</translation>
    </message>
    <message>
        <source>The till restarts…</source>
        <translation>Die Kasse startet neu…</translation>
    </message>
    <message>
        <source>This till is not registered yet.&lt;br&gt;&lt;br&gt;Open &lt;b&gt;{url}&lt;/b&gt; and enter the code&lt;br&gt;&lt;span style=&apos;font-size: 30pt; font-weight: bold;&apos;&gt;{code}&lt;/span&gt;&lt;br&gt;&lt;br&gt;The code is valid until {time}. The till starts as soon as it is confirmed.</source>
        <translation>Diese Kasse ist noch nicht registriert.&lt;br&gt;&lt;br&gt;&lt;b&gt;{url}&lt;/b&gt; öffnen und diesen Code eingeben:&lt;br&gt;&lt;span style=&apos;font-size: 30pt; font-weight: bold;&apos;&gt;{code}&lt;/span&gt;&lt;br&gt;&lt;br&gt;Der Code gilt bis {time} Uhr. Die Kasse startet, sobald er bestätigt ist.</translation>
    </message>
    <message>
        <source>The code is valid for {time} (minutes:seconds).</source>
        <translation>Der Code gilt noch {time} (Minuten:Sekunden).</translation>
    </message>
    <message>
        <source>The code has expired — start again for a new code.</source>
        <translation>Der Code ist abgelaufen — für einen neuen Code neu starten.</translation>
    </message>
    <message>
        <source>The till could not start.&lt;br&gt;&lt;br&gt;{reason}&lt;br&gt;&lt;br&gt;Put the cause right, then press Start again.</source>
        <translation>Die Kasse konnte nicht starten.&lt;br&gt;&lt;br&gt;{reason}&lt;br&gt;&lt;br&gt;Ursache beheben, dann „Neu starten“ drücken.</translation>
    </message>
    <message>
        <source>Cashier — secucard till</source>
        <translation>Cashier — secucard-Kasse</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <source>A payment is running. Restart the till as soon as it has finished?</source>
        <translation>Eine Zahlung läuft. Die Kasse neu starten, sobald sie abgeschlossen ist?</translation>
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
    <name>ManagerConfirmDialog</name>
    <message>
        <source>Manager confirmation</source>
        <translation>Bestätigung durch die Geschäftsleitung</translation>
    </message>
    <message>
        <source>Offline sale — a manager must confirm</source>
        <translation>Offline-Verkauf — Freigabe durch die Geschäftsleitung</translation>
    </message>
    <message>
        <source>The sale is paid in cash and booked when secuconnect answers again. Enter confirms nothing.</source>
        <translation>Der Verkauf wird bar bezahlt und gebucht, sobald secuconnect wieder antwortet. Enter bestätigt nichts.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Confirm (manager)</source>
        <translation>Bestätigen (Geschäftsleitung)</translation>
    </message>
    <message>
        <source>The till has been offline for {duration} — longer than the shop&apos;s {hours} h. A manager must confirm each further offline sale (this one: {amount}).</source>
        <translation>Die Kasse ist seit {duration} offline — länger als die {hours} h des Geschäfts. Die Geschäftsleitung muss jeden weiteren Offline-Verkauf bestätigen (diesen: {amount}).</translation>
    </message>
    <message>
        <source>This offline sale of {amount} is above the shop&apos;s limit of {limit} for sales while secuconnect cannot be reached.</source>
        <translation>Dieser Offline-Verkauf über {amount} liegt über der Grenze des Geschäfts von {limit} für Verkäufe, solange secuconnect nicht erreichbar ist.</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} h {minutes} min</translation>
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
        <source>Three wrong security codes — the card is blocked for code entry in this sale and cannot pay. Choose another payment method.</source>
        <translation>Dreimal falscher Sicherheitscode — die Karte ist in diesem Verkauf für die Code-Eingabe gesperrt und kann nicht zahlen. Andere Zahlungsart wählen.</translation>
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
        <source>secuconnect confirmed the payment was not carried out — nothing was charged. Try again.</source>
        <translation>secuconnect hat bestätigt: Die Zahlung wurde nicht ausgeführt — nichts wurde belastet. Bitte erneut versuchen.</translation>
    </message>
    <message>
        <source>Cancellation unclear — checking… Give no money back until the cancellation receipt prints.</source>
        <translation>Storno unklar — wird geprüft … Kein Geld zurückgeben, bevor der Stornobeleg gedruckt ist.</translation>
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
        <source>Offline: this needs secuconnect — please take cash, or do it when the till is online again.</source>
        <translation>Offline: Das geht nur über secuconnect — bitte bar kassieren oder erledigen, wenn die Kasse wieder online ist.</translation>
    </message>
    <message>
        <source>This offline sale is beyond the shop&apos;s limits — a manager must confirm it.</source>
        <translation>Dieser Offline-Verkauf überschreitet die Grenzen des Geschäfts — die Geschäftsleitung muss ihn bestätigen.</translation>
    </message>
    <message>
        <source>Offline: the card&apos;s balance and bonus cannot pay now — take the whole amount in cash; the card still earns its bonus later.</source>
        <translation>Offline: Guthaben und Bonus der Karte können jetzt nicht zahlen — bitte den ganzen Betrag bar kassieren; der Bonus wird später gutgeschrieben.</translation>
    </message>
    <message>
        <source>Offline: a card cannot be loaded now — load it when the till is online again.</source>
        <translation>Offline: Karten können jetzt nicht aufgeladen werden — bitte aufladen, wenn die Kasse wieder online ist.</translation>
    </message>
    <message>
        <source>Offline: no new card can be issued now — issue it when the till is online again.</source>
        <translation>Offline: Jetzt kann keine neue Karte ausgegeben werden — bitte ausgeben, wenn die Kasse wieder online ist.</translation>
    </message>
    <message>
        <source>Offline: the card terminal works through secuconnect — please take cash.</source>
        <translation>Offline: Das Kartenterminal läuft über secuconnect — bitte bar kassieren.</translation>
    </message>
    <message>
        <source>Offline: a direct debit goes through secuconnect — please take cash.</source>
        <translation>Offline: Die Lastschrift läuft über secuconnect — bitte bar kassieren.</translation>
    </message>
    <message>
        <source>Offline: a sale can only be cancelled through secuconnect — cancel it when the till is online again.</source>
        <translation>Offline: Stornieren geht nur über secuconnect — bitte stornieren, wenn die Kasse wieder online ist.</translation>
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
        <source>Unknown barcode {code} — no article and no customer card. Type the price as a free price.</source>
        <translation>Unbekannter Barcode {code} — kein Artikel und keine Kundenkarte. Den Preis als freien Preis eingeben.</translation>
    </message>
    <message>
        <source>Barcode {code} was misread (wrong check digit) — scan it again.</source>
        <translation>Barcode {code} falsch gelesen (Prüfziffer falsch) — bitte erneut scannen.</translation>
    </message>
    <message>
        <source>Barcode {code} is an article sold by weight — weigh it and scan the scale&apos;s label.</source>
        <translation>Barcode {code} ist ein Artikel nach Gewicht — abwiegen und das Etikett der Waage scannen.</translation>
    </message>
    <message>
        <source>Barcode {code} carries a weight, but its article is sold by the piece — check the catalogue.</source>
        <translation>Barcode {code} enthält ein Gewicht, der Artikel wird aber nach Stück verkauft — Katalog prüfen.</translation>
    </message>
    <message>
        <source>The till&apos;s journal cannot be written (disk full, or the file is read-only or damaged). Free space or ask for help, then try again.</source>
        <translation>Das Journal der Kasse kann nicht geschrieben werden (Festplatte voll, Datei schreibgeschützt oder beschädigt). Bitte Platz schaffen oder Hilfe holen, dann erneut versuchen.</translation>
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
        <source>secuconnect does not know this till as a device of the vendor “{vendor}”: the vendor name or the device is not configured at secupay for this client id. Check the vendor name secupay gave you with the client id (Settings → Environment) and register again, or ask secupay to configure it.</source>
        <translation>secuconnect kennt diese Kasse nicht als Gerät des Vendors „{vendor}“: Der Vendor-Name oder das Gerät ist bei secupay für diese Client-ID nicht eingerichtet. Prüfen Sie den Vendor-Namen, den Sie von secupay mit der Client-ID erhalten haben (Einstellungen → Umgebung), und melden Sie die Kasse erneut an — oder bitten Sie secupay, ihn einzurichten.</translation>
    </message>
    <message>
        <source>The client id or the client secret from the secucard contract is missing for this environment — register the till again with both. To open the till meanwhile, set environment = &quot;simulator&quot; in the settings file; Settings → Environment registers it.</source>
        <translation>Für diese Umgebung fehlt die Client-ID oder das Client-Secret aus dem secucard-Vertrag — bitte die Kasse mit beidem erneut registrieren. Um die Kasse bis dahin zu öffnen, in der Einstellungsdatei environment = &quot;simulator&quot; eintragen; unter Einstellungen → Umgebung wird sie dann registriert.</translation>
    </message>
    <message>
        <source>secuconnect refused the client id or the client secret — check both in the secucard contract and register the till again.</source>
        <translation>secuconnect hat Client-ID oder Client-Secret abgelehnt — bitte beides im secucard-Vertrag prüfen und die Kasse erneut registrieren.</translation>
    </message>
    <message>
        <source>This environment registers the till under the vendor name secupay gave with the client id, and there is none — enter it in the settings file (vendor; letters, digits, _ and - only).</source>
        <translation>In dieser Umgebung wird die Kasse unter dem Vendor-Namen registriert, den secupay mit der Client-ID vergeben hat, und es ist keiner eingetragen — bitte in der Einstellungsdatei eintragen (vendor; nur Buchstaben, Ziffern, _ und -).</translation>
    </message>
    <message>
        <source>The server address cannot be used — it must start with https:// (http:// only for this computer itself).</source>
        <translation>Die Serveradresse ist nicht verwendbar — sie muss mit https:// beginnen (http:// nur für diesen Computer selbst).</translation>
    </message>
    <message>
        <source>secuconnect cannot be reached — check the internet connection.</source>
        <translation>secuconnect ist nicht erreichbar — bitte die Internetverbindung prüfen.</translation>
    </message>
    <message>
        <source>The server&apos;s security certificate was not accepted — check the address and the PC&apos;s date and time.</source>
        <translation>Das Sicherheitszertifikat des Servers wurde nicht akzeptiert — bitte Adresse sowie Datum und Uhrzeit des PCs prüfen.</translation>
    </message>
    <message>
        <source>The registration code was not confirmed in time — Start again shows a new one.</source>
        <translation>Der Code wurde nicht rechtzeitig bestätigt — „Neu starten“ zeigt einen neuen Code.</translation>
    </message>
    <message>
        <source>secuconnect refused to open the till — try again later, or tell support.</source>
        <translation>secuconnect hat das Öffnen der Kasse abgelehnt — später erneut versuchen oder den Support informieren.</translation>
    </message>
    <message>
        <source>The till&apos;s settings could not be saved — check the disk.</source>
        <translation>Die Einstellungen der Kasse konnten nicht gespeichert werden — bitte den Datenträger prüfen.</translation>
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
        <source>Sale {sale}: secuconnect confirmed the open payment was not carried out; nothing was charged.</source>
        <translation>Verkauf {sale}: secuconnect hat bestätigt, dass die offene Zahlung nicht ausgeführt wurde; nichts wurde belastet.</translation>
    </message>
    <message>
        <source>Sale {sale}: the cancellation went through; its receipt is printed.</source>
        <translation>Verkauf {sale}: Der Storno ist durchgeführt; der Stornobeleg wird gedruckt.</translation>
    </message>
    <message>
        <source>Sale {sale}: the cancellation is not confirmed yet — give no money back; the till keeps checking.</source>
        <translation>Verkauf {sale}: Der Storno ist noch nicht bestätigt — kein Geld zurückgeben; die Kasse prüft weiter.</translation>
    </message>
    <message>
        <source>Sale {sale}: secuconnect refused the cancellation; the sale stands.</source>
        <translation>Verkauf {sale}: secuconnect hat den Storno abgelehnt; der Verkauf bleibt bestehen.</translation>
    </message>
    <message>
        <source>Sale {sale}: secuconnect has confirmed the direct debit.</source>
        <translation>Verkauf {sale}: secuconnect hat die Lastschrift bestätigt.</translation>
    </message>
    <message>
        <source>Sale {sale}: the direct debit failed after the sale — the money did not come. Contact the customer; the journal has the details.</source>
        <translation>Verkauf {sale}: Die Lastschrift ist nach dem Verkauf gescheitert — das Geld kam nicht an. Bitte den Kunden kontaktieren; Einzelheiten im Journal.</translation>
    </message>
    <message>
        <source>Sale {sale}: set aside; the till still checks it now and then.</source>
        <translation>Verkauf {sale}: zurückgestellt; die Kasse prüft ihn weiterhin von Zeit zu Zeit.</translation>
    </message>
    <message>
        <source>Sale {sale} was charged twice (a payment booked late). Cancel one of them in the journal.</source>
        <translation>Verkauf {sale} wurde doppelt belastet (eine Zahlung wurde verspätet gebucht). Bitte eine davon im Journal stornieren.</translation>
    </message>
    <message>
        <source>Sale {sale}: the open payment still cannot be checked — do not take it again; the till keeps checking.</source>
        <translation>Verkauf {sale}: Die offene Zahlung lässt sich noch nicht prüfen — nicht noch einmal kassieren; die Kasse prüft weiter.</translation>
    </message>
</context>
<context>
    <name>NewCardDialog</name>
    <message>
        <source>New card</source>
        <translation>Neue Karte</translation>
    </message>
    <message>
        <source>Issue a new card</source>
        <translation>Neue Kundenkarte ausgeben</translation>
    </message>
    <message>
        <source>Card group</source>
        <translation>Kartengruppe</translation>
    </message>
    <message>
        <source>First load</source>
        <translation>Erste Aufladung</translation>
    </message>
    <message>
        <source>Create card ⏎</source>
        <translation>Karte anlegen ⏎</translation>
    </message>
    <message>
        <source>Cancel Esc</source>
        <translation>Abbrechen Esc</translation>
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
    <name>OfflineCatchUp</name>
    <message numerus="yes">
        <source>%n offline sale(s) booked.</source>
        <translation>
            <numerusform>%n Offline-Verkauf gebucht.</numerusform>
            <numerusform>%n Offline-Verkäufe gebucht.</numerusform>
        </translation>
    </message>
    <message>
        <source>Card {card} unknown or locked: sale {number} booked, without bonus.</source>
        <translation>Karte {card} unbekannt/gesperrt: Verkauf {number} gebucht, ohne Bonus.</translation>
    </message>
</context>
<context>
    <name>OpenPaymentPanel</name>
    <message>
        <source>Sale {number} · {amount} · {tender} · started {time}</source>
        <translation>Verkauf {number} · {amount} · {tender} · gestartet {time}</translation>
    </message>
    <message>
        <source>No new sale until this payment is settled — do not take it again.</source>
        <translation>Kein neuer Verkauf, bis diese Zahlung geklärt ist — nicht noch einmal kassieren.</translation>
    </message>
    <message>
        <source>No new sale until these payments are settled — do not take them again.</source>
        <translation>Kein neuer Verkauf, bis diese Zahlungen geklärt sind — nicht noch einmal kassieren.</translation>
    </message>
    <message>
        <source>Meanwhile the journal (F2), the end of day (F3) and the settings (F4) work. In the journal, Check payment (F9) asks secuconnect now, or sets the payment aside.</source>
        <translation>Journal (F2), Tagesabschluss (F3) und Einstellungen (F4) funktionieren weiterhin. Im Journal fragt „Zahlung prüfen“ (F9) jetzt bei secuconnect nach oder stellt die Zahlung zurück.</translation>
    </message>
    <message>
        <source>The card terminal may still be working on it. The till waits {time} more (minutes:seconds), then settles it with secuconnect.</source>
        <translation>Das Kartenterminal arbeitet womöglich noch daran. Die Kasse wartet noch {time} (Minuten:Sekunden) und klärt die Zahlung dann mit secuconnect.</translation>
    </message>
    <message>
        <source>The till is asking secuconnect what became of it…</source>
        <translation>Die Kasse fragt bei secuconnect nach, was aus der Zahlung wurde…</translation>
    </message>
</context>
<context>
    <name>OpenPaymentWatch</name>
    <message>
        <source>The basket of sale {number} is back — take the payment again.</source>
        <translation>Der Warenkorb von Verkauf {number} ist zurück — bitte die Zahlung erneut annehmen.</translation>
    </message>
</context>
<context>
    <name>PaymentFlow</name>
    <message>
        <source>Scan or type the customer&apos;s card first.</source>
        <translation>Erst die Kundenkarte scannen oder eintippen.</translation>
    </message>
    <message>
        <source>A card load is paid in cash, at the terminal or by SEPA — not with the card itself.</source>
        <translation>Eine Aufladung wird bar, am Terminal oder per SEPA bezahlt — nicht mit der Karte selbst.</translation>
    </message>
    <message>
        <source>The card pays {paid}. Still to pay: {missing} — cash (F5) or terminal (F6).</source>
        <translation>Die Karte zahlt {paid}. Noch zu zahlen: {missing} — bar (F5) oder am Terminal (F6).</translation>
    </message>
    <message>
        <source>The basket is empty — add articles first.</source>
        <translation>Der Warenkorb ist leer — erst Artikel erfassen.</translation>
    </message>
    <message>
        <source>Not confirmed — the sale is not paid; it stays open.</source>
        <translation>Nicht bestätigt — der Verkauf ist nicht bezahlt und bleibt offen.</translation>
    </message>
    <message>
        <source>Sale {number} paid.</source>
        <translation>Verkauf {number} bezahlt.</translation>
    </message>
    <message>
        <source>Sale {number} paid offline — it is booked when secuconnect answers again.</source>
        <translation>Verkauf {number} offline bezahlt — wird gebucht, sobald secuconnect wieder antwortet.</translation>
    </message>
    <message>
        <source>Sale {number}: direct debit requested — secuconnect has not confirmed it yet; the till keeps checking.</source>
        <translation>Verkauf {number}: Lastschrift beauftragt — secuconnect hat sie noch nicht bestätigt; die Kasse prüft weiter.</translation>
    </message>
    <message>
        <source>Change: {change}</source>
        <translation>Rückgeld: {change}</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <source>Printer address</source>
        <translation>Druckeradresse</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Papier</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>Kassenlade</translation>
    </message>
    <message>
        <source>Drawer pulse</source>
        <translation>Impuls der Lade</translation>
    </message>
    <message>
        <source>For example: preview (on the screen, no printer), tcp://192.168.1.50:9100 (network), usb://04b8:0e28 (USB ids from lsusb), serial:///dev/ttyUSB0, file:///dev/usb/lp0</source>
        <translation>Zum Beispiel: preview (auf dem Bildschirm, kein Drucker), tcp://192.168.1.50:9100 (Netzwerk), usb://04b8:0e28 (USB-IDs aus lsusb), serial:///dev/ttyUSB0, file:///dev/usb/lp0</translation>
    </message>
    <message>
        <source>80 mm · 48 characters</source>
        <translation>80 mm · 48 Zeichen</translation>
    </message>
    <message>
        <source>58 mm · 32 characters</source>
        <translation>58 mm · 32 Zeichen</translation>
    </message>
    <message>
        <source>Pin 2</source>
        <translation>Pin 2</translation>
    </message>
    <message>
        <source>Pin 5</source>
        <translation>Pin 5</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>Testdruck</translation>
    </message>
    <message>
        <source>Open drawer</source>
        <translation>Lade öffnen</translation>
    </message>
    <message>
        <source>Talking to the printer…</source>
        <translation>Verbindung zum Drucker…</translation>
    </message>
    <message>
        <source>The drawer was told to open.</source>
        <translation>Die Kassenlade hat den Befehl zum Öffnen erhalten.</translation>
    </message>
    <message>
        <source>The test page was printed — check that it came out readable.</source>
        <translation>Die Testseite wurde gedruckt — prüfen Sie, ob sie lesbar ist.</translation>
    </message>
    <message>
        <source>This printer address cannot be used — check it.</source>
        <translation>Diese Druckeradresse ist nicht verwendbar — bitte prüfen.</translation>
    </message>
    <message>
        <source>The printer does not answer — is it switched on and connected, and the address right?</source>
        <translation>Der Drucker antwortet nicht — ist er eingeschaltet und angeschlossen, und stimmt die Adresse?</translation>
    </message>
    <message>
        <source>There is no printer at this address — check the address and cable.</source>
        <translation>Unter dieser Adresse gibt es keinen Drucker — Adresse und Kabel prüfen.</translation>
    </message>
    <message>
        <source>The till may not use this printer — see the hint below.</source>
        <translation>Die Kasse darf diesen Drucker nicht verwenden — siehe Hinweis unten.</translation>
    </message>
    <message>
        <source>The printer is out of paper — put in a new roll.</source>
        <translation>Im Drucker ist kein Papier — bitte eine neue Rolle einlegen.</translation>
    </message>
    <message>
        <source>The printer stopped answering — check it, then try again.</source>
        <translation>Der Drucker antwortet nicht mehr — bitte prüfen und erneut versuchen.</translation>
    </message>
    <message>
        <source>A driver for this printer is missing — see the hint below.</source>
        <translation>Für diesen Drucker fehlt ein Treiber — siehe Hinweis unten.</translation>
    </message>
    <message>
        <source>Printing failed because of an unexpected error — please tell support.</source>
        <translation>Drucken fehlgeschlagen wegen eines unerwarteten Fehlers — bitte den Support informieren.</translation>
    </message>
    <message>
        <source>Printing did not work — check the printer, then try again.</source>
        <translation>Drucken hat nicht geklappt — Drucker prüfen und erneut versuchen.</translation>
    </message>
    <message>
        <source>✓ a valid printer address</source>
        <translation>✓ eine gültige Druckeradresse</translation>
    </message>
    <message>
        <source>Not a printer address: {problem}</source>
        <translation>Keine Druckeradresse: {problem}</translation>
    </message>
    <message>
        <source>please enter one</source>
        <translation>bitte eine eingeben</translation>
    </message>
</context>
<context>
    <name>ReceiptPreviewDialog</name>
    <message>
        <source>Sale {number}: the receipt (preview printer)</source>
        <translation>Verkauf {number}: der Beleg (Bildschirmvorschau)</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Wird gedruckt …</translation>
    </message>
    <message>
        <source>Receipt preview</source>
        <translation>Belegvorschau</translation>
    </message>
    <message>
        <source>Fit to width</source>
        <translation>An Breite anpassen</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Drucken</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Preparing the preview…</source>
        <translation>Vorschau wird erstellt …</translation>
    </message>
    <message>
        <source>The preview cannot be shown.</source>
        <translation>Die Vorschau kann nicht angezeigt werden.</translation>
    </message>
    <message>
        <source>Copy printed.</source>
        <translation>Kopie gedruckt.</translation>
    </message>
    <message>
        <source>Printed.</source>
        <translation>Gedruckt.</translation>
    </message>
    <message>
        <source>Z report not printed — it is saved; print it again later.</source>
        <translation>Z-Bericht nicht gedruckt — er ist gespeichert; später erneut drucken.</translation>
    </message>
</context>
<context>
    <name>RegistrationDialog</name>
    <message>
        <source>The code is valid for {time} (minutes:seconds).</source>
        <translation>Der Code gilt noch {time} (Minuten:Sekunden).</translation>
    </message>
    <message>
        <source>Register the till</source>
        <translation>Kasse registrieren</translation>
    </message>
    <message>
        <source>Back to the demo simulator</source>
        <translation>Zurück zum Demo-Simulator</translation>
    </message>
    <message>
        <source>Saving — the till then restarts on the demo simulator…</source>
        <translation>Wird gespeichert — dann startet die Kasse mit dem Demo-Simulator neu…</translation>
    </message>
    <message>
        <source>Register this till: {environment}</source>
        <translation>Diese Kasse registrieren: {environment}</translation>
    </message>
    <message>
        <source>Asking secuconnect for a registration code…</source>
        <translation>secuconnect wird nach einem Registrierungscode gefragt…</translation>
    </message>
    <message>
        <source>1. On a computer or phone, open:</source>
        <translation>1. Auf einem Computer oder Handy öffnen:</translation>
    </message>
    <message>
        <source>2. Log in with the merchant&apos;s account and enter this code:</source>
        <translation>2. Mit dem Händlerkonto anmelden und diesen Code eingeben:</translation>
    </message>
    <message>
        <source>Waiting for the confirmation… The till restarts on {environment} as soon as the code is confirmed.</source>
        <translation>Warten auf die Bestätigung… Die Kasse startet mit {environment} neu, sobald der Code bestätigt ist.</translation>
    </message>
    <message>
        <source>The code has expired — start again for a new code.</source>
        <translation>Der Code ist abgelaufen — für einen neuen Code neu starten.</translation>
    </message>
    <message>
        <source>Nothing was changed; the till still works as before.</source>
        <translation>Es wurde nichts geändert; die Kasse arbeitet weiter wie bisher.</translation>
    </message>
    <message>
        <source>The till is registered. It restarts now on {environment}.</source>
        <translation>Die Kasse ist registriert. Sie startet jetzt mit {environment} neu.</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>the demo simulator</source>
        <translation>dem Demo-Simulator</translation>
    </message>
    <message>
        <source>the testing environment</source>
        <translation>der Testumgebung</translation>
    </message>
    <message>
        <source>the live environment</source>
        <translation>der Live-Umgebung</translation>
    </message>
    <message>
        <source>the server {url}</source>
        <translation>dem Server {url}</translation>
    </message>
    <message>
        <source>Testing</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>The registration did not work because of an unexpected error — the message bar shows a reference for support.</source>
        <translation>Die Registrierung hat wegen eines unerwarteten Fehlers nicht geklappt — die Meldungsleiste zeigt eine Referenz für den Support.</translation>
    </message>
    <message>
        <source>The client id or the client secret is missing — enter both from the secucard contract.</source>
        <translation>Client-ID oder Client-Secret fehlt — bitte beides aus dem secucard-Vertrag eingeben.</translation>
    </message>
    <message>
        <source>secuconnect refused the client id or the client secret — check both and start again.</source>
        <translation>secuconnect hat Client-ID oder Client-Secret abgelehnt — bitte beides prüfen und neu starten.</translation>
    </message>
    <message>
        <source>Enter the vendor name secupay gave you with the client id — letters (a–z, A–Z), digits, _ and - only.</source>
        <translation>Bitte den Vendor-Namen eingeben, den secupay mit der Client-ID vergeben hat — nur Buchstaben (a–z, A–Z), Ziffern, _ und -.</translation>
    </message>
    <message>
        <source>The server address cannot be used — it must start with https:// (http:// only for this computer itself).</source>
        <translation>Die Serveradresse ist nicht verwendbar — sie muss mit https:// beginnen (http:// nur für diesen Computer selbst).</translation>
    </message>
    <message>
        <source>secuconnect cannot be reached — check the internet connection, then start again.</source>
        <translation>secuconnect ist nicht erreichbar — bitte die Internetverbindung prüfen, dann neu starten.</translation>
    </message>
    <message>
        <source>The server&apos;s security certificate was not accepted — check the address and the PC&apos;s date and time.</source>
        <translation>Das Sicherheitszertifikat des Servers wurde nicht akzeptiert — bitte Adresse sowie Datum und Uhrzeit des PCs prüfen.</translation>
    </message>
    <message>
        <source>secuconnect refused the registration — start again later, or tell support.</source>
        <translation>secuconnect hat die Registrierung abgelehnt — später neu starten oder den Support informieren.</translation>
    </message>
    <message>
        <source>The till is registered, but the settings could not be saved — check the disk, then start again.</source>
        <translation>Die Kasse ist registriert, aber die Einstellungen konnten nicht gespeichert werden — bitte den Datenträger prüfen, dann neu starten.</translation>
    </message>
    <message>
        <source>Support reference: {support_id}</source>
        <translation>Support-Referenz: {support_id}</translation>
    </message>
</context>
<context>
    <name>ResultDialog</name>
    <message>
        <source>Paid</source>
        <translation>Bezahlt</translation>
    </message>
    <message>
        <source>New card issued (sale {number})</source>
        <translation>Neue Karte ausgegeben (Verkauf {number})</translation>
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
        <source>Given</source>
        <translation>Gegeben</translation>
    </message>
    <message>
        <source>Card balance now</source>
        <translation>Kartenguthaben jetzt</translation>
    </message>
    <message>
        <source>Bonus now</source>
        <translation>Bonus jetzt</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Rückgeld</translation>
    </message>
    <message>
        <source>Have the customer sign the merchant copy.</source>
        <translation>Den Kunden den Händlerbeleg unterschreiben lassen.</translation>
    </message>
    <message>
        <source>Printing the receipt…</source>
        <translation>Beleg wird gedruckt …</translation>
    </message>
    <message>
        <source>Receipt shown on screen (preview printer — nothing was printed).</source>
        <translation>Beleg auf dem Bildschirm angezeigt (Bildschirmvorschau — nichts wurde gedruckt).</translation>
    </message>
    <message>
        <source>New card</source>
        <translation>Neue Karte</translation>
    </message>
    <message>
        <source>Security code (CSC)</source>
        <translation>Sicherheitscode (CSC)</translation>
    </message>
    <message>
        <source>The card was created, but secuconnect did not report its number. Look it up in SecuOffice before the customer leaves; the receipt says the same.</source>
        <translation>Die Karte wurde angelegt, aber secuconnect hat ihre Nummer nicht gemeldet. Bitte in SecuOffice nachsehen, bevor der Kunde geht; der Beleg sagt dasselbe.</translation>
    </message>
    <message>
        <source>The receipt with the security code is printing. The code is printed once; it is not stored and cannot be printed again.</source>
        <translation>Der Beleg mit dem Sicherheitscode wird gedruckt. Der Code wird einmal gedruckt; er wird nicht gespeichert und kann nicht erneut gedruckt werden.</translation>
    </message>
    <message>
        <source>Give the card and the receipt to the customer. The security code is printed once on the receipt; it is not stored and cannot be printed again.</source>
        <translation>Karte und Beleg dem Kunden geben. Der Sicherheitscode steht einmalig auf dem Beleg; er wird nicht gespeichert und kann nicht erneut gedruckt werden.</translation>
    </message>
    <message>
        <source>The receipt did not print: write the security code down for the customer now — it is not stored and cannot be printed again.</source>
        <translation>Der Beleg wurde nicht gedruckt: den Sicherheitscode jetzt für den Kunden aufschreiben — er wird nicht gespeichert und kann nicht erneut gedruckt werden.</translation>
    </message>
    <message>
        <source>Receipt printed.</source>
        <translation>Beleg gedruckt.</translation>
    </message>
    <message>
        <source>Sale {number} paid offline</source>
        <translation>Verkauf {number} offline bezahlt</translation>
    </message>
    <message>
        <source>From the card balance</source>
        <translation>Vom Kartenguthaben</translation>
    </message>
    <message>
        <source>From the bonus</source>
        <translation>Vom Bonus</translation>
    </message>
    <message>
        <source>Receipt NOT printed — the sale is saved; reprint it later.</source>
        <translation>Beleg NICHT gedruckt — der Verkauf ist gespeichert; später nachdrucken.</translation>
    </message>
</context>
<context>
    <name>SaleDetailsView</name>
    <message>
        <source>Receipts</source>
        <translation>Belege</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>No sale chosen</source>
        <translation>Kein Verkauf ausgewählt</translation>
    </message>
    <message>
        <source>No. {number} · {kind}</source>
        <translation>Nr. {number} · {kind}</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Paid with</source>
        <translation>Bezahlt mit</translation>
    </message>
    <message>
        <source>Sum</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>Gegeben</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Rückgeld</translation>
    </message>
    <message>
        <source>Loaded onto the card</source>
        <translation>Auf die Karte geladen</translation>
    </message>
    <message>
        <source>Bonus collected</source>
        <translation>Bonus gesammelt</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>New card</source>
        <translation>Neue Karte</translation>
    </message>
    <message>
        <source>Terminal receipt no.</source>
        <translation>Terminal-Beleg-Nr.</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>Transaktion</translation>
    </message>
    <message>
        <source>Sale id</source>
        <translation>Verkaufs-ID</translation>
    </message>
</context>
<context>
    <name>ScanRouting</name>
    <message>
        <source>Scan {code} not used — finish the open window first, then scan again.</source>
        <translation>Scan {code} nicht übernommen — erst das offene Fenster abschließen, dann erneut scannen.</translation>
    </message>
</context>
<context>
    <name>ScannerPage</name>
    <message>
        <source>Gap between keys</source>
        <translation>Tastenabstand</translation>
    </message>
    <message>
        <source>Serial scanner</source>
        <translation>Serieller Scanner</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>Baudrate</translation>
    </message>
    <message>
        <source>Scan test</source>
        <translation>Scan-Test</translation>
    </message>
    <message>
        <source>Digits that arrive faster than this on average and end with Enter are a scan. Raise it when scans arrive as typed digits; lower it when fast typing is taken for a scan.</source>
        <translation>Ziffern, die im Mittel schneller kommen und mit Enter enden, sind ein Scan. Erhöhen, wenn Scans als getippte Ziffern ankommen; verringern, wenn schnelles Tippen als Scan gilt.</translation>
    </message>
    <message>
        <source>none (the scanner types like a keyboard)</source>
        <translation>keiner (der Scanner tippt wie eine Tastatur)</translation>
    </message>
    <message>
        <source>Find ports</source>
        <translation>Ports suchen</translation>
    </message>
    <message>
        <source>Scan a card here to try the scanner</source>
        <translation>Zum Testen hier eine Karte scannen</translation>
    </message>
    <message>
        <source>✓ Recognised as a scan: {number}</source>
        <translation>✓ Als Scan erkannt: {number}</translation>
    </message>
    <message>
        <source>Arrived as typing, not as a scan: {text}. If the scanner sent it, raise the gap between keys.</source>
        <translation>Als Tippen angekommen, nicht als Scan: {text}. Kam es vom Scanner, den Tastenabstand erhöhen.</translation>
    </message>
</context>
<context>
    <name>ScreenPage</name>
    <message>
        <source>The till on its screen</source>
        <translation>Die Kasse auf dem Bildschirm</translation>
    </message>
    <message>
        <source>Window
(with title bar, fills the screen)</source>
        <translation>Fenster
(mit Titelleiste, füllt den Bildschirm)</translation>
    </message>
    <message>
        <source>Kiosk
(full screen, no frame)</source>
        <translation>Kiosk
(Vollbild, ohne Rahmen)</translation>
    </message>
    <message>
        <source>Kiosk: the till is the only thing on the screen; the cashier cannot move or close it by its frame. F11 switches between full screen and the window meanwhile.</source>
        <translation>Kiosk: Die Kasse ist das Einzige auf dem Bildschirm; sie lässt sich nicht über einen Fensterrahmen verschieben oder schließen. F11 wechselt zwischendurch zwischen Vollbild und Fenster.</translation>
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
    <message>
        <source>Check ⏎</source>
        <translation>Prüfen ⏎</translation>
    </message>
    <message>
        <source>Cancel Esc</source>
        <translation>Abbrechen Esc</translation>
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
    <name>SepaDialog</name>
    <message>
        <source>this shop</source>
        <translation>dieses Geschäft</translation>
    </message>
    <message>
        <source>SEPA direct debit</source>
        <translation>SEPA-Lastschrift</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>Zu zahlen</translation>
    </message>
    <message>
        <source>IBAN</source>
        <translation>IBAN</translation>
    </message>
    <message>
        <source>Account holder</source>
        <translation>Kontoinhaber</translation>
    </message>
    <message>
        <source>First name and surname, as on the bank card</source>
        <translation>Vor- und Nachname, wie auf der Bankkarte</translation>
    </message>
    <message>
        <source>SEPA direct debit mandate</source>
        <translation>SEPA-Lastschriftmandat</translation>
    </message>
    <message>
        <source>I authorise {creditor} to collect a payment of {amount} from my account by direct debit. At the same time I instruct my bank to honour the direct debit drawn on my account by {creditor}. Note: I can demand a refund of the amount debited within eight weeks, starting with the date of the debit, under the conditions agreed with my bank.</source>
        <translation>Ich ermächtige {creditor}, eine Zahlung von {amount} von meinem Konto mittels Lastschrift einzuziehen. Zugleich weise ich mein Kreditinstitut an, die von {creditor} auf mein Konto gezogene Lastschrift einzulösen. Hinweis: Ich kann innerhalb von acht Wochen, beginnend mit dem Belastungsdatum, die Erstattung des belasteten Betrages verlangen. Es gelten dabei die mit meinem Kreditinstitut vereinbarten Bedingungen.</translation>
    </message>
    <message>
        <source>The customer agrees by signing the merchant copy of the receipt.</source>
        <translation>Der Kunde stimmt mit seiner Unterschrift auf dem Händlerbeleg zu.</translation>
    </message>
    <message>
        <source>Confirm debit ⏎</source>
        <translation>Lastschrift bestätigen ⏎</translation>
    </message>
    <message>
        <source>Cancel Esc</source>
        <translation>Abbrechen Esc</translation>
    </message>
    <message>
        <source>✓ IBAN is valid</source>
        <translation>✓ IBAN ist gültig</translation>
    </message>
    <message>
        <source>{entered} of {expected} characters</source>
        <translation>{entered} von {expected} Zeichen</translation>
    </message>
    <message>
        <source>Starts with the country, e.g. DE</source>
        <translation>Beginnt mit dem Land, z. B. DE</translation>
    </message>
    <message>
        <source>Please enter the account holder&apos;s name.</source>
        <translation>Bitte den Namen des Kontoinhabers eingeben.</translation>
    </message>
</context>
<context>
    <name>SerialScanner</name>
    <message>
        <source>The serial scanner at {port} is back.</source>
        <translation>Der serielle Scanner an {port} ist wieder da.</translation>
    </message>
    <message>
        <source>The serial scanner at {port} cannot be opened — check its cable; the till keeps trying.</source>
        <translation>Der serielle Scanner an {port} lässt sich nicht öffnen — Kabel prüfen; die Kasse versucht es weiter.</translation>
    </message>
    <message>
        <source>The serial scanner at {port} is gone — plug it in again; the till keeps trying.</source>
        <translation>Der serielle Scanner an {port} ist weg — bitte wieder einstecken; die Kasse versucht es weiter.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Geschäft</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Drucker</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <source>Screen</source>
        <translation>Bildschirm</translation>
    </message>
    <message>
        <source>TSE (Germany)</source>
        <translation>TSE (Deutschland)</translation>
    </message>
    <message>
        <source>Save ⏎</source>
        <translation>Speichern ⏎</translation>
    </message>
    <message>
        <source>Cancel Esc</source>
        <translation>Abbrechen Esc</translation>
    </message>
    <message>
        <source>The settings could not be saved: {problem}. Nothing was changed.</source>
        <translation>Die Einstellungen konnten nicht gespeichert werden: {problem}. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>The logo cannot be used — choose a PNG, JPEG, BMP or GIF picture. ({detail})</source>
        <translation>Das Logo ist nicht verwendbar — bitte ein PNG-, JPEG-, BMP- oder GIF-Bild wählen. ({detail})</translation>
    </message>
    <message>
        <source>Not a printer address: {problem}</source>
        <translation>Keine Druckeradresse: {problem}</translation>
    </message>
    <message>
        <source>These settings cannot be saved: {problem}</source>
        <translation>Diese Einstellungen lassen sich nicht speichern: {problem}</translation>
    </message>
    <message>
        <source>Live needs the live TSE: set up fiskaly live on the page TSE (Germany) first — or choose No TSE there for a till outside Germany.</source>
        <translation>Live braucht die Live-TSE: Richten Sie zuerst auf der Seite TSE (Deutschland) fiskaly live ein — oder wählen Sie dort Keine TSE für eine Kasse außerhalb Deutschlands.</translation>
    </message>
    <message>
        <source>The catalogue in use cannot be read any more: {problem}</source>
        <translation>Der verwendete Katalog lässt sich nicht mehr lesen: {problem}</translation>
    </message>
    <message>
        <source>This catalogue cannot be used: {problem}</source>
        <translation>Dieser Katalog ist nicht verwendbar: {problem}</translation>
    </message>
</context>
<context>
    <name>ShopPage</name>
    <message>
        <source>Shop name</source>
        <translation>Name des Geschäfts</translation>
    </message>
    <message>
        <source>Address
(one line each)</source>
        <translation>Adresse
(je Zeile eine)</translation>
    </message>
    <message>
        <source>VAT id</source>
        <translation>USt-IdNr.</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Receipt footer
(one line each)</source>
        <translation>Belegfuß
(je Zeile eine)</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <source>no logo</source>
        <translation>kein Logo</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Wählen…</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>Kein Logo</translation>
    </message>
    <message>
        <source>Printed at the top and bottom of every receipt, from the next receipt on.</source>
        <translation>Steht oben und unten auf jedem Beleg, ab dem nächsten Beleg.</translation>
    </message>
    <message>
        <source>The shop needs a name for its receipts.</source>
        <translation>Das Geschäft braucht einen Namen für seine Belege.</translation>
    </message>
    <message>
        <source>Logo for the receipt</source>
        <translation>Logo für den Beleg</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg *.bmp *.gif)</source>
        <translation>Bilder (*.png *.jpg *.jpeg *.bmp *.gif)</translation>
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
    <name>StartupProblemDialog</name>
    <message>
        <source>The till cannot start</source>
        <translation>Die Kasse kann nicht starten</translation>
    </message>
</context>
<context>
    <name>StartupProblems</name>
    <message>
        <source>The journal</source>
        <translation>Das Journal</translation>
    </message>
    <message>
        <source>The settings file</source>
        <translation>Die Einstellungsdatei</translation>
    </message>
    <message>
        <source>The file with the till&apos;s registration</source>
        <translation>Die Datei mit der Anmeldung der Kasse</translation>
    </message>
    <message>
        <source>The simulator&apos;s data file</source>
        <translation>Die Datendatei des Simulators</translation>
    </message>
    <message>
        <source>The till&apos;s folder</source>
        <translation>Der Ordner der Kasse</translation>
    </message>
    <message>
        <source>A file of the till</source>
        <translation>Eine Datei der Kasse</translation>
    </message>
    <message>
        <source>{file} is damaged and cannot be read. Keep a copy for support, then restore it from a backup or move it away.</source>
        <translation>{file} ist beschädigt und kann nicht gelesen werden. Eine Kopie für den Support aufheben, dann aus einer Sicherung wiederherstellen oder die Datei woandershin verschieben.</translation>
    </message>
    <message>
        <source>{file} was written by a newer version of Cashier. Install that version or a newer one.</source>
        <translation>{file} wurde von einer neueren Cashier-Version geschrieben. Diese oder eine neuere Version installieren.</translation>
    </message>
    <message>
        <source>{file} cannot be written (read-only, or no permission). Give this user write access to it and its folder.</source>
        <translation>{file} kann nicht geschrieben werden (schreibgeschützt oder keine Berechtigung). Diesem Benutzer Schreibrechte darauf und auf den Ordner geben.</translation>
    </message>
    <message>
        <source>{file} cannot be opened. It must be a file that this user may read and write.</source>
        <translation>{file} kann nicht geöffnet werden. Dort muss eine Datei liegen, die dieser Benutzer lesen und schreiben darf.</translation>
    </message>
    <message>
        <source>{file} cannot be written: the disk is full. Free some space on the disk.</source>
        <translation>{file} kann nicht geschrieben werden: Der Datenträger ist voll. Platz auf dem Datenträger schaffen.</translation>
    </message>
    <message>
        <source>{file} is locked by another program. Close that program.</source>
        <translation>{file} ist von einem anderen Programm gesperrt. Dieses Programm schließen.</translation>
    </message>
    <message>
        <source>{file} has a mistake (see the details). Correct it, or move the file away to start with the defaults.</source>
        <translation>{file} enthält einen Fehler (siehe Details). Den Fehler korrigieren oder die Datei woandershin verschieben, um mit den Standardwerten zu starten.</translation>
    </message>
    <message>
        <source>{file} cannot be used (see the details).</source>
        <translation>{file} kann nicht verwendet werden (siehe Details).</translation>
    </message>
    <message>
        <source>This till is already open in another Cashier window or command (process {pid}). Use that one, or close it first.</source>
        <translation>Diese Kasse ist bereits in einem anderen Cashier-Fenster oder -Befehl geöffnet (Prozess {pid}). Dieses verwenden oder zuerst schließen.</translation>
    </message>
    <message>
        <source>This till is already open in another Cashier window or command. Use that one, or close it first.</source>
        <translation>Diese Kasse ist bereits in einem anderen Cashier-Fenster oder -Befehl geöffnet. Dieses verwenden oder zuerst schließen.</translation>
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
    <message>
        <source>Offline — please take cash (F5).</source>
        <translation>Offline — bitte bar kassieren (F5).</translation>
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
        <source>The load belongs to this card — remove the load line first, or cancel the sale (Esc).</source>
        <translation>Die Aufladung gehört zu dieser Karte — erst die Aufladungszeile entfernen oder den Verkauf abbrechen (Esc).</translation>
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
        <source>● TSE out of order</source>
        <translation>● TSE ausgefallen</translation>
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
    <message numerus="yes">
        <source>%n to book</source>
        <translation>
            <numerusform>%n zu buchen</numerusform>
            <numerusform>%n zu buchen</numerusform>
        </translation>
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
    <name>TillView</name>
    <message>
        <source>Cancel the sale?</source>
        <translation>Verkauf abbrechen?</translation>
    </message>
    <message>
        <source>Cancel this sale of {total}? The basket is emptied; nothing has been charged.</source>
        <translation>Diesen Verkauf über {total} abbrechen? Der Warenkorb wird geleert; nichts wurde belastet.</translation>
    </message>
    <message>
        <source>&amp;Yes, cancel the sale</source>
        <translation>&amp;Ja, Verkauf abbrechen</translation>
    </message>
    <message>
        <source>No, keep the sale ⏎</source>
        <translation>Nein, Verkauf behalten ⏎</translation>
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
        <source>Offline: all in cash</source>
        <translation>Offline: alles bar</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>Zu zahlen</translation>
    </message>
</context>
<context>
    <name>TseLight</name>
    <message>
        <source>The TSE does not answer ({reason}). The till keeps selling; receipts say “TSE ausgefallen” until it is back.</source>
        <translation>Die TSE antwortet nicht ({reason}). Die Kasse verkauft weiter; die Belege sagen „TSE ausgefallen“, bis sie wieder erreichbar ist.</translation>
    </message>
    <message>
        <source>The TSE signs again.</source>
        <translation>Die TSE signiert wieder.</translation>
    </message>
</context>
<context>
    <name>TsePage</name>
    <message>
        <source>Germany: a TSE signs every sale (KassenSichV)</source>
        <translation>Deutschland: Eine TSE signiert jeden Verkauf (KassenSichV)</translation>
    </message>
    <message>
        <source>Simulator
(training)</source>
        <translation>Simulator
(Training)</translation>
    </message>
    <message>
        <source>fiskaly test
(test signatures)</source>
        <translation>fiskaly Test
(Testsignaturen)</translation>
    </message>
    <message>
        <source>fiskaly live
(real signatures)</source>
        <translation>fiskaly live
(echte Signaturen)</translation>
    </message>
    <message>
        <source>No TSE
(outside Germany)</source>
        <translation>Keine TSE
(außerhalb Deutschlands)</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Key</translation>
    </message>
    <message>
        <source>API secret</source>
        <translation>API-Secret</translation>
    </message>
    <message>
        <source>TSS id</source>
        <translation>TSS-ID</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>Client-ID</translation>
    </message>
    <message>
        <source>Till serial (ERS)</source>
        <translation>Kassen-Seriennr. (ERS)</translation>
    </message>
    <message>
        <source>from the fiskaly dashboard</source>
        <translation>aus dem fiskaly-Dashboard</translation>
    </message>
    <message>
        <source>New ids (a new TSS)</source>
        <translation>Neue IDs (neue TSS)</translation>
    </message>
    <message>
        <source>Set up TSE…</source>
        <translation>TSE einrichten…</translation>
    </message>
    <message>
        <source>The built-in fiskaly simulator signs every sale with training signatures — for trying the till out, never for real sales in Germany.</source>
        <translation>Der eingebaute fiskaly-Simulator signiert jeden Verkauf mit Trainingssignaturen — zum Ausprobieren der Kasse, nie für echte Verkäufe in Deutschland.</translation>
    </message>
    <message>
        <source>Only for a till outside Germany: sales are not signed and receipts carry no TSE data. In Germany every sale must be signed by a TSE.</source>
        <translation>Nur für eine Kasse außerhalb Deutschlands: Verkäufe werden nicht signiert, Belege tragen keine TSE-Daten. In Deutschland muss jeder Verkauf von einer TSE signiert werden.</translation>
    </message>
    <message>
        <source>fiskaly&apos;s cloud TSE signs every sale for the tax office. Set it up once: the TSE then shows its admin PUK, which you must write down.</source>
        <translation>Die Cloud-TSE von fiskaly signiert jeden Verkauf für das Finanzamt. Richten Sie sie einmal ein: Die TSE zeigt dann ihre Admin-PUK, die Sie aufschreiben müssen.</translation>
    </message>
    <message>
        <source>fiskaly&apos;s test environment: real signatures from a test TSE, not valid for the tax office. For trying out the connection before going live.</source>
        <translation>Die Testumgebung von fiskaly: echte Signaturen einer Test-TSE, für das Finanzamt nicht gültig. Zum Ausprobieren der Verbindung vor dem Livebetrieb.</translation>
    </message>
    <message>
        <source>Enter the API key from the fiskaly dashboard.</source>
        <translation>Geben Sie den API-Key aus dem fiskaly-Dashboard ein.</translation>
    </message>
    <message>
        <source>Enter the API secret that belongs to the API key.</source>
        <translation>Geben Sie das API-Secret zum API-Key ein.</translation>
    </message>
    <message>
        <source>Enter the TSS id — or press New ids and then Set up TSE for a new TSS.</source>
        <translation>Geben Sie die TSS-ID ein — oder drücken Sie für eine neue TSS „Neue IDs“ und dann „TSE einrichten“.</translation>
    </message>
    <message>
        <source>Enter this till&apos;s client id — or press New ids for a new TSS.</source>
        <translation>Geben Sie die Client-ID dieser Kasse ein — oder drücken Sie für eine neue TSS „Neue IDs“.</translation>
    </message>
    <message>
        <source>New ids made: press Set up TSE to create the TSS at fiskaly.</source>
        <translation>Neue IDs erzeugt: Drücken Sie „TSE einrichten“, um die TSS bei fiskaly anzulegen.</translation>
    </message>
    <message>
        <source>Setting up the TSE — this may take half a minute…</source>
        <translation>Die TSE wird eingerichtet — das kann eine halbe Minute dauern…</translation>
    </message>
    <message>
        <source>The TSE was set up before — it is ready, nothing was changed.</source>
        <translation>Die TSE war schon eingerichtet — sie ist bereit, nichts wurde geändert.</translation>
    </message>
    <message>
        <source>The TSE is set up and this till is registered with it.</source>
        <translation>Die TSE ist eingerichtet und diese Kasse bei ihr angemeldet.</translation>
    </message>
    <message>
        <source>TSE serial number: {serial}</source>
        <translation>Seriennummer der TSE: {serial}</translation>
    </message>
    <message>
        <source>stored — type a new one only to replace it</source>
        <translation>gespeichert — nur zum Ersetzen ein neues eingeben</translation>
    </message>
    <message>
        <source>The client id must be a UUID like 3f2b6c1e-8d4a-4b8e-9f1a-2c3d4e5f6a7b.</source>
        <translation>Die Client-ID muss eine UUID sein, etwa 3f2b6c1e-8d4a-4b8e-9f1a-2c3d4e5f6a7b.</translation>
    </message>
    <message>
        <source>The TSS id must be a UUID like 3f2b6c1e-8d4a-4b8e-9f1a-2c3d4e5f6a7b.</source>
        <translation>Die TSS-ID muss eine UUID sein, etwa 3f2b6c1e-8d4a-4b8e-9f1a-2c3d4e5f6a7b.</translation>
    </message>
    <message>
        <source>The TSE needs its API key, TSS id and client id.</source>
        <translation>Die TSE braucht ihren API-Key, die TSS-ID und die Client-ID.</translation>
    </message>
    <message>
        <source>Choose which TSE signs the sales.</source>
        <translation>Wählen Sie, welche TSE die Verkäufe signiert.</translation>
    </message>
    <message>
        <source>The till works live: it must not sign with the simulator — its training signatures would be on real receipts. Set up fiskaly live (or choose No TSE outside Germany).</source>
        <translation>Die Kasse arbeitet live: Sie darf nicht mit dem Simulator signieren — seine Trainingssignaturen stünden auf echten Belegen. Richten Sie fiskaly live ein (oder wählen Sie außerhalb Deutschlands Keine TSE).</translation>
    </message>
    <message>
        <source>The till works live: fiskaly&apos;s test TSE signs nothing the tax office accepts. Set up fiskaly live (or choose No TSE outside Germany).</source>
        <translation>Die Kasse arbeitet live: Die Test-TSE von fiskaly signiert nichts, was das Finanzamt anerkennt. Richten Sie fiskaly live ein (oder wählen Sie außerhalb Deutschlands Keine TSE).</translation>
    </message>
    <message>
        <source>The TSE server address in settings.toml (fiscal.base_url) cannot be used.</source>
        <translation>Die Adresse des TSE-Servers in settings.toml (fiscal.base_url) ist nicht verwendbar.</translation>
    </message>
    <message>
        <source>fiskaly live is always fiskaly&apos;s own server: remove fiscal.base_url from settings.toml.</source>
        <translation>fiskaly live ist immer der Server von fiskaly: Entfernen Sie fiscal.base_url aus settings.toml.</translation>
    </message>
    <message>
        <source>The till serial may hold at most 70 characters, printable, without spaces at either end.</source>
        <translation>Die Kassen-Seriennummer darf höchstens 70 druckbare Zeichen haben, ohne Leerzeichen am Anfang oder Ende.</translation>
    </message>
    <message>
        <source>These TSE settings cannot be used: {problem}</source>
        <translation>Diese TSE-Einstellungen sind nicht verwendbar: {problem}</translation>
    </message>
    <message>
        <source>The TSE could not be reached — check the internet connection, then press Set up TSE again: it goes on where it stopped.</source>
        <translation>Die TSE war nicht erreichbar — prüfen Sie die Internetverbindung und drücken Sie dann erneut „TSE einrichten“: Es geht dort weiter, wo es aufgehört hat.</translation>
    </message>
    <message>
        <source>fiskaly refused the API key and secret — check both in the fiskaly dashboard.</source>
        <translation>fiskaly hat API-Key und API-Secret abgelehnt — prüfen Sie beides im fiskaly-Dashboard.</translation>
    </message>
    <message>
        <source>The TSE refused the set-up — see the reason below.</source>
        <translation>Die TSE hat die Einrichtung abgelehnt — den Grund sehen Sie unten.</translation>
    </message>
    <message>
        <source>This till cannot reach such a TSE — see below.</source>
        <translation>Diese Kasse kann eine solche TSE nicht erreichen — siehe unten.</translation>
    </message>
    <message>
        <source>The TSE set-up failed — see below.</source>
        <translation>Die Einrichtung der TSE ist fehlgeschlagen — siehe unten.</translation>
    </message>
    <message>
        <source>The settings could not be saved: {problem}</source>
        <translation>Die Einstellungen konnten nicht gespeichert werden: {problem}</translation>
    </message>
</context>
</TS>
