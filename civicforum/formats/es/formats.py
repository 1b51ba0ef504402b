# Dates as residents read them: "viernes 19 de febrero de 2027". Django's own formats for
# Spanish cover everything else (times are 24-hour: "18:30").
DATE_FORMAT = r"l j \d\e F \d\e Y"
DATETIME_FORMAT = r"l j \d\e F \d\e Y, H:i"
# Short, for the dashboard's day-by-day chart and table ("10 ene").
MONTH_DAY_FORMAT = "j M"
