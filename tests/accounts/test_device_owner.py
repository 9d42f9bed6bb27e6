"""The cookie that tells the service worker whose saved pages this browser may show follows the
session: set for the signed-in user, as long as the session, and removed once nobody is signed in."""

from __future__ import annotations

from django.urls import reverse

from core.device_owner import COOKIE


def test_the_owner_cookie_names_the_signed_in_user_for_as_long_as_the_session(org, client, settings):
    user = org.users["inspector"]
    client.force_login(user)
    response = client.get(reverse("home"))
    cookie = response.cookies[COOKIE]
    assert cookie.value == str(user.pk)
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE
    assert not cookie["httponly"] and cookie["samesite"] == "Lax"
    assert COOKIE not in client.get(reverse("home")).cookies, "set once, not on every answer"


def test_the_owner_cookie_goes_when_nobody_is_signed_in(org, client):
    client.force_login(org.users["inspector"])
    client.get(reverse("home"))
    client.logout()  # the test client forgets its cookies; a browser whose session expired keeps this one
    client.cookies[COOKIE] = str(org.users["inspector"].pk)
    answer = client.get(reverse("login"))
    assert answer.cookies[COOKIE].value == "" and int(answer.cookies[COOKIE]["max-age"]) == 0


def test_another_user_on_the_same_browser_gets_their_own_name(org, client):
    client.force_login(org.users["inspector"])
    client.get(reverse("home"))
    client.force_login(org.users["staff"])
    assert client.get(reverse("home")).cookies[COOKIE].value == str(org.users["staff"].pk)
