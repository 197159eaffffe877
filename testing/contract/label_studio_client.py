#!/usr/bin/env python3
"""A browser behind the access layer, for Label Studio's contract test.

    label_studio_client.py BASE PUBLIC_ORIGIN EMAIL PASSWORD

BASE is the pod's address (http://IP:PORT); PUBLIC_ORIGIN the address users reach it at
(https://HOST). Every request carries what ingress-nginx forwards: the public Host and
X-Forwarded-Host, X-Forwarded-Proto https; every form POST the Origin and Referer a browser on
the public origin sends. Prints one line per finding, "name value":

  signup STATUS            a sign-up form posted without an invite link
  wrong_password STATUS    the login form with a wrong password (logged_in: yes/no)
  foreign_origin STATUS    the right password, posted from an origin the render does not name
  login STATUS LOCATION    the right password from the public origin
  whoami EMAIL             the API, with the session the login gave
  project ID TITLE         a project made through the API
  projects N               the projects the API lists
"""
import sys
from urllib.parse import urlparse

import requests


def main():
    base, origin, email, password = sys.argv[1:5]
    host = urlparse(origin).netloc
    forwarded = {"Host": host, "X-Forwarded-Host": host, "X-Forwarded-Proto": "https", "X-Forwarded-For": "10.244.0.5"}

    def browser():
        s = requests.Session()
        s.headers.update(forwarded)
        return s

    def login(s, password, from_origin):
        page = s.get(base + "/user/login/", timeout=30)
        token = s.cookies.get("csrftoken", "")
        headers = {"Origin": from_origin, "Referer": from_origin + "/user/login/"}
        form = {"csrfmiddlewaretoken": token, "email": email, "password": password}
        answer = s.post(base + "/user/login/", data=form, headers=headers, allow_redirects=False, timeout=30)
        return page, answer

    s = browser()
    s.get(base + "/user/signup/", timeout=30)
    form = {"csrfmiddlewaretoken": s.cookies.get("csrftoken", ""), "email": "intruder@example.com", "password": "Intruder-0123456789"}
    headers = {"Origin": origin, "Referer": origin + "/user/signup/"}
    print("signup", s.post(base + "/user/signup/", data=form, headers=headers, allow_redirects=False, timeout=30).status_code)

    s = browser()
    _, wrong = login(s, password + "-wrong", origin)
    who = s.get(base + "/api/current-user/whoami", timeout=30)
    print("wrong_password", wrong.status_code, "logged_in:", "yes" if who.status_code == 200 else "no")

    _, foreign = login(browser(), password, "https://elsewhere.example")
    print("foreign_origin", foreign.status_code)

    s = browser()
    page, answer = login(s, password, origin)
    if page.status_code != 200:
        print("login_page", page.status_code, page.text[:300].replace("\n", " "))
    print("login", answer.status_code, answer.headers.get("Location", "-"))
    who = s.get(base + "/api/current-user/whoami", timeout=30)
    print("whoami", who.json().get("email", "-") if who.status_code == 200 else f"HTTP {who.status_code}")

    api = {"X-CSRFToken": s.cookies.get("csrftoken", ""), "Origin": origin, "Referer": origin + "/projects/"}
    config = '<View><Text name="text" value="$text"/><Choices name="c" toName="text"><Choice value="yes"/></Choices></View>'
    made = s.post(base + "/api/projects/", json={"title": "contract-project", "label_config": config}, headers=api, timeout=60)
    if made.status_code == 201:
        print("project", made.json()["id"], made.json()["title"])
    else:
        print("project", f"HTTP {made.status_code}", made.text[:300].replace("\n", " "))
    listed = s.get(base + "/api/projects/", timeout=30)
    if listed.status_code == 200:
        body = listed.json()
        print("projects", body.get("count", len(body)) if isinstance(body, dict) else len(body))
    else:
        print("projects", f"HTTP {listed.status_code}")


if __name__ == "__main__":
    main()
