<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Messages</name>
    <message numerus="yes">
        <source>Wrong security code — %n tries left.</source>
        <translation>
            <numerusform>Wrong security code — %n try left.</numerusform>
            <numerusform>Wrong security code — %n tries left.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OfflineCatchUp</name>
    <message numerus="yes">
        <source>%n offline sale(s) booked.</source>
        <translation>
            <numerusform>%n offline sale booked.</numerusform>
            <numerusform>%n offline sales booked.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SecurityCodeDialog</name>
    <message numerus="yes">
        <source>%n tries left</source>
        <translation>
            <numerusform>%n try left</numerusform>
            <numerusform>%n tries left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TillStatusBar</name>
    <message numerus="yes">
        <source>%n to book</source>
        <translation>
            <numerusform>%n to book</numerusform>
            <numerusform>%n to book</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n receipt(s) not printed</source>
        <translation>
            <numerusform>%n receipt not printed</numerusform>
            <numerusform>%n receipts not printed</numerusform>
        </translation>
    </message>
</context>
</TS>
