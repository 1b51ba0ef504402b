# Dates as residents read them: the weekday spelled out ("Friday, February 19, 2027").
# Django's own formats for English cover everything else.
DATE_FORMAT = "l, F j, Y"
# One time format everywhere, alone or after a date: "6:30 p.m.", "9 a.m." (Django's own).
TIME_FORMAT = "P"
DATETIME_FORMAT = f"{DATE_FORMAT}, {TIME_FORMAT}"
# Short, for the dashboard's day-by-day chart and table ("Jan 10").
MONTH_DAY_FORMAT = "M j"
