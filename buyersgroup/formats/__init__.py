"""Our format modules (FORMAT_MODULE_PATH): what differs from Django's own per language.

English reads day-month-year and a 24-hour clock, as in Belgium ("29 September 2021,
13:33"), never "Sept. 29, 2021, 1:33 p.m."; dates typed in a form are read day first.
Dutch and French keep Django's Belgian-friendly formats except where set here.
"""
