"""Reports built on the library: iCalendar (``report.ical``); Excel, PDF and CSV reports join here."""
