"""What every screen of the till shares: the kit the screens are built from.

What belongs here: the style sheet and colours, money and date formatting, the language switch,
the on-screen keypad, countdowns and two-step confirm buttons, the message bar and the table that
turns errors into German and English words (``messages``, ``message_bridge``, ``message_scopes``),
the one TaskRunner that starts all async work from the UI, main-thread garbage collection,
keyboard focus and window fitting helpers, the activity line and receipt preview the back-office
screens show, and the barcode scanner (keyboard wedge and serial port). Nothing here imports a
screen package (``till``, ``journal``, ``end_of_day``, ``settings``, ``registration``).
"""
