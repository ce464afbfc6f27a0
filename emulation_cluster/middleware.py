from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
