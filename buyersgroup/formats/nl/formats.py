# Dutch as read in Belgium (see buyersgroup/formats); Django's own reads "20 januari 2009",
# "1.234,56" and a 24-hour clock.
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
