# French as read in Belgium (see buyersgroup/formats); Django's own groups thousands
# with a no-break space and uses the decimal comma.
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
