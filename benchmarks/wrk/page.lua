-- wrk script: GET the survey's first page.
wrk.method = "GET"
