# « 27 مارس 2026 »: day, month name, year, as Arabic-language newsrooms write them.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
