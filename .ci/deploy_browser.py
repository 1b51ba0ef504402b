"""One visitor's browser for .ci/deploy_check.py: its cookies, sent either to nginx over HTTPS
(checking nginx's certificate, as for https://forum.example.org/) or straight to one app server
with the headers nginx adds there. Cookies are kept by hand: the site's are Secure, and the
direct requests are plain HTTP."""

import http.client
import re
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlencode

HOST = "forum.example.org"


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


class _Tls(http.client.HTTPSConnection):
    """HTTPS to nginx on 127.0.0.1, with the certificate checked for HOST (curl --resolve)."""

    def __init__(self, port: int, context: ssl.SSLContext):
        super().__init__(HOST, port, context=context, timeout=30)
        self.tls = context

    def connect(self):
        raw = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self.tls.wrap_socket(raw, server_hostname=HOST)


class Browser:
    def __init__(self, nginx_port: int, cafile: str):
        self.nginx_port = nginx_port
        self.tls = ssl.create_default_context(cafile=cafile)
        self.cookies: dict[str, str] = {}

    def get(self, path: str, *, server: int | None = None, **headers: str) -> Answer:
        return self.request("GET", path, server=server, headers=headers)

    def post(self, path: str, form: dict, *, server: int | None = None) -> Answer:
        return self.request("POST", path, form, server=server)

    def request(self, method, path, form=None, *, server=None, headers=None) -> Answer:
        """Through nginx, or with `server` (a port) to that app server alone."""
        sent = {"Host": HOST, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if server is None:
            connection = _Tls(self.nginx_port, self.tls)
        else:
            connection = http.client.HTTPConnection("127.0.0.1", server, timeout=30)
            sent |= {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
        body = None
        if form is not None:
            body = urlencode(form)
            sent |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{HOST}",
                "Referer": f"https://{HOST}{path}",
            }
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        answer = Answer(response.status, response.headers, response.read())
        connection.close()
        self._keep_cookies(answer)
        return answer

    def _keep_cookies(self, answer: Answer) -> None:
        for value in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            kept = rest.split(";", 1)[0]
            if kept and "max-age=0" not in value.lower():
                self.cookies[name] = kept
            else:
                self.cookies.pop(name, None)


def form_fields(page: str, action: str) -> dict[str, str]:
    """The hidden fields of the page's form that posts to `action`: what a browser sends back."""
    form = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', page, re.S)
    if form is None:
        raise AssertionError(f"no form posts to {action}")
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form[1])
    return dict(hidden)
