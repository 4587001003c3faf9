"""Composition root: the command line, settings, logging, file locations, start-up.

What belongs here: parsing ``cashier …`` commands, finding the data directory
(``CASHIER_HOME`` or the platform's locations), loading the frozen settings, setting up
logging (with redaction) once, choosing the environment (embedded simulator, testing, live)
and building the objects of every other layer, then starting Qt with the qasync loop.
``app`` is the only layer that may import everything, the simulator included.
"""
