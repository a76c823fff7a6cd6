"""Printable school and district reports (HTML and PDF), gathering every domain's results
for a school leadership team, suppressed exactly as on the pages they summarise."""
