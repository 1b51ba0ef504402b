# Dates as residents read them: "viernes 19 de febrero de 2027". Django's own formats for
# Spanish cover everything else.
DATE_FORMAT = r"l j \d\e F \d\e Y"
# One time format everywhere, alone or after a date: 24-hour, "18:30" (Django's own).
TIME_FORMAT = "H:i"
DATETIME_FORMAT = f"{DATE_FORMAT}, {TIME_FORMAT}"
# Short, for the dashboard's day-by-day chart and table ("10 ene").
MONTH_DAY_FORMAT = "j M"
