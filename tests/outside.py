"""The people outside the service, as real servers on local ports: a mail server (aiosmtpd) that keeps
what it is sent, and an SMS gateway speaking the HTTP that blocklist/outbound.py sends.

A test module uses them with `from tests.outside import inbox, sms_gateway, messaging  # noqa: F401` and
asks for `messaging` in its `settings` fixture."""

from __future__ import annotations

import dataclasses
import logging
import re
import socket
from email import message_from_bytes
from email.policy import default

import pytest
from aiohttp import web
from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self) -> None:
        self.messages: list = []
        self.refuse = False
        self.port = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.refuse:
            return "451 try again later"
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=default)))
        return "250 OK"

    def to(self, address: str) -> list:
        return [message for recipients, message in self.messages if address in recipients]

    def last_code(self, address: str) -> str:
        """The one-time code in the newest message to `address`."""
        return re.findall(r"\b\d{6}\b", self.to(address)[-1].get_content())[0]


class SmsGateway:
    """Takes `{"to", "text"}` like a real gateway, or answers 503 while `failing`."""

    def __init__(self) -> None:
        self.texts: list[dict] = []
        self.failing = False
        self.url = ""

    async def receive(self, request: web.Request) -> web.Response:
        if self.failing:
            return web.json_response({"error": "upstream unavailable"}, status=503)
        self.texts.append(await request.json())
        return web.json_response({"id": f"msg_{len(self.texts)}"}, status=201)

    def to(self, number: str) -> list[str]:
        return [text["text"] for text in self.texts if text["to"] == number]

    def last_code(self, number: str) -> str:
        return re.findall(r"\b\d{6}\b", self.to(number)[-1])[0]


@pytest.fixture
def inbox():
    # aiosmtpd logs each session from its own thread, which can outlive the test's captured output
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port
    yield handler
    controller.stop()


@pytest.fixture
async def sms_gateway(aiohttp_server):
    gateway = SmsGateway()
    app = web.Application()
    app.router.add_post("/messages", gateway.receive)
    server = await aiohttp_server(app)
    gateway.url = f"http://127.0.0.1:{server.port}/messages"
    return gateway


@pytest.fixture
def messaging(inbox, sms_gateway):
    """Settings changes that send mail to `inbox` and text messages to `sms_gateway`."""
    return {"smtp_url": f"smtp+plain://127.0.0.1:{inbox.port}", "notice_from": "privacy@blocklist.example",
            "controller": "Blocklist Sp. z o.o., Warsaw", "public_url": "https://blocklist.example",
            "sms_url": sms_gateway.url, "sms_token": "gateway-token"}


def with_messaging(settings, messaging):
    return dataclasses.replace(settings, **messaging)
