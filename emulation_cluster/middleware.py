from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from emulation_cluster.permissions import cached, requires_second_factor
from emulation_cluster.reading import kept_reading


class PortalLanguageMiddleware:
    """Vietnamese unless the user chose English with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many officers'
    computers are set up in English: the portal is Vietnamese first, so only the language cookie
    that the switcher sets can change it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class SecondFactorRequiredMiddleware:
    """Administrators must enrol a TOTP authenticator before they can use the portal.

    Once enrolled, allauth asks for the code at every login. Until then every page except
    enrolment, logout and static files leads to the enrolment page.
    """

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and self._lacks_required_factor(user)
        ):
            messages.warning(
                request,
                _("Administrators must set up two-factor authentication before going on."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _lacks_required_factor(user) -> bool:
        if not requires_second_factor(user):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class KeptReadingMiddleware:
    """A signed-in person's reading (``permissions.reading``) from this process's memo while
    the roles' generation read with their session stands (``reading.kept_reading``).

    Right after the authentication middleware, before anything asks the reading.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        # Asking whether the person is signed in reads the session, and the generation with it.
        if user.is_authenticated:
            generation = getattr(request.session, "roles_generation", None)
            if generation is not None:
                cached(user, "reading", lambda: kept_reading(user, generation))
        return self.get_response(request)
