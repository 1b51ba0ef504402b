# Dates as residents read them: the weekday spelled out ("Friday, February 19, 2027").
# Django's own formats for English cover everything else.
DATE_FORMAT = "l, F j, Y"
DATETIME_FORMAT = "l, F j, Y, g:i A"
# Short, for the dashboard's day-by-day chart and table ("Jan 10").
MONTH_DAY_FORMAT = "M j"
