"""The registration screen: registering the till with secuconnect.

What belongs here: the registration dialog.
"""
