"""Pages of the Q&A threads, by what they are about. Views parse the request, check a rule,
call a service, render."""
