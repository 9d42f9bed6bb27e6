from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from core import two_factor


class DefaultLanguageMiddleware:
    """Vietnamese unless the user has chosen another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which on shared office
    tablets is usually English; the product's default is Vietnamese (DESIGN.md section 2), so only the
    explicit choice stored in the language cookie counts. API clients (tablets, integrations) have no
    cookie and say what they want with Accept-Language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if not chosen and request.path.startswith("/api/") and "HTTP_ACCEPT_LANGUAGE" in request.META:
            chosen = translation.get_language_from_request(request)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.setdefault("Vary", "Cookie")
        return response


class NoStoreMiddleware:
    """What a signed-in user sees, and every API answer, is kept by no browser or shared cache.

    A tablet is shared and a proxy may be too: the back button after logging out, or the next person at
    the screen, must not bring back a page or an API answer. Static files never come here (whitenoise
    answers them first); a response that sets its own ``Cache-Control`` (the service worker, private
    downloads) keeps it, and so does the web app manifest, which holds nothing about the user.
    """

    KEEP_OWN_CACHING = frozenset({"web-manifest", "service-worker"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name in self.KEEP_OWN_CACHING:
            return response
        user = getattr(request, "user", None)
        if request.path_info.startswith("/api/") or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response


class TwoFactorRequiredMiddleware:
    """A user whose role requires two-factor sign-in (``OTP_REQUIRED_ROLES``) and whose session was not
    confirmed with a code goes to the two-factor page before anything else: to set it up when they have
    no authenticator yet, or to give a code when they have one (e.g. added while this session was open).

    Token-authenticated API calls are checked in ``api.authentication``; here the browser session.
    """

    ALLOWED = frozenset({"two-factor", "logout", "set_language", "web-manifest", "service-worker"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.OTP_REQUIRED_ROLES and self._must_confirm(request):
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    {
                        "status": 403,
                        "code": "otp_enrolment_required",
                        "message": str(two_factor.ENROLMENT_REQUIRED),
                    },
                    status=403,
                )
            return redirect_to_login(request.get_full_path(), reverse("two-factor"))
        return self.get_response(request)

    def _must_confirm(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or two_factor.is_verified(user) or not two_factor.required_for(user):
            return False
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            return True
        return name not in self.ALLOWED
