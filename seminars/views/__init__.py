"""Pages of seminars, by concern. Views parse the request, check a rule, call a service, render.

Every page is for signed-in users (seminars are the members' side of the portal), except the
private calendar address, which calendar applications fetch with the key it contains.
"""
