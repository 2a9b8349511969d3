"""A real SMTP server for the subscription tests (aiosmtpd on 127.0.0.1):
the hub sends through Django's SMTP backend to it, and the tests read what
arrived. Addresses at refuse.test get a permanent 550 at RCPT, those at
later.test a temporary 451."""

from __future__ import annotations

import email
import email.policy
import socket
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from bs4 import BeautifulSoup


class Collector:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []  # as they came over the wire

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        domain = address.rpartition("@")[2].lower()
        if domain == "refuse.test":
            return "550 5.1.1 No such mailbox"
        if domain == "later.test":
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        self.raw.append(envelope.content)
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server():
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


@pytest.fixture
def mailbox(smtp_server, settings) -> Collector:
    """The hub sends its mail through the real SMTP server; starts empty."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    collector = smtp_server.handler
    collector.messages.clear()
    collector.raw.clear()
    return collector


def body(message: EmailMessage, subtype: str) -> str:
    """The text/plain or text/html part."""
    return message.get_body(preferencelist=(subtype,)).get_content()


def served_form(html: str) -> tuple[str, dict[str, str]]:
    """The action and the hidden fields of the page's subscription form."""
    form = BeautifulSoup(html, "html.parser").find("form", class_="subscribe-form")
    assert form is not None, "the page has no subscription form"
    hidden = {field["name"]: field.get("value", "")
              for field in form.find_all("input", type="hidden")}
    return form["action"], hidden


def subscribe_through(client, page_url: str, address: str, frequency: str = "weekly"):
    """Fill in the form as a page serves it and post it; returns the answer."""
    page = client.get(page_url)
    assert page.status_code == 200
    action, hidden = served_form(page.content.decode())
    return client.post(action, {**hidden, "email": address, "frequency": frequency})


def link_in(message: EmailMessage, marker: str) -> str:
    """The path of the first link in the plain-text part that holds ``marker``."""
    for word in body(message, "plain").split():
        if marker in word and word.startswith("http"):
            return urlsplit(word).path
    raise AssertionError(f"no {marker} link in {body(message, 'plain')!r}")
