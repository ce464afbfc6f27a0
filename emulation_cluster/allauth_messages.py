"""django-allauth ships no Vietnamese catalogue: these are its strings that our pages show.

Listing them here puts them in ``locale/vi``; the portal's catalogue takes precedence over the
library's, so allauth's forms and messages come out in Vietnamese.
"""

from django.utils.translation import gettext_noop, pgettext_noop

ALLAUTH_MESSAGES = [
    gettext_noop("Email"),
    gettext_noop("Email address"),
    gettext_noop("Password"),
    gettext_noop("Remember Me"),
    gettext_noop("Forgot your password?"),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("You have signed out."),
    gettext_noop("Successfully signed in as %(name)s."),
    pgettext_noop("field label", "Login"),
]
