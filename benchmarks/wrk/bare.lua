-- wrk script: the bare reference endpoint (one insert, no validation).
wrk.method = "POST"
wrk.body = ""
