"""A small mailer interface: SMTP when MAIL_SERVER is set, else the log (for developers)."""

from __future__ import annotations

import logging
import smtplib
from collections import deque
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from flask import Flask, current_app

log = logging.getLogger("ims_training.mail")


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


class Mailer(Protocol):
    def send(self, mail: Mail) -> None: ...


class LogMailer:
    """Writes each e-mail to the log so a developer can follow links; keeps the last 100."""

    def __init__(self) -> None:
        self.sent: deque[Mail] = deque(maxlen=100)

    def send(self, mail: Mail) -> None:
        self.sent.append(mail)
        log.warning(
            "E-mail (no MAIL_SERVER configured)\nTo: %s\nSubject: %s\n\n%s",
            mail.to,
            mail.subject,
            mail.body,
        )


class SMTPMailer:
    def __init__(self, app: Flask) -> None:
        self.config = app.config

    def send(self, mail: Mail) -> None:
        msg = EmailMessage()
        msg["From"] = self.config["MAIL_FROM"]
        msg["To"] = mail.to
        msg["Subject"] = mail.subject
        msg.set_content(mail.body)
        with smtplib.SMTP(self.config["MAIL_SERVER"], self.config["MAIL_PORT"], timeout=10) as smtp:
            if self.config["MAIL_USE_TLS"]:
                smtp.starttls()
            if self.config["MAIL_USERNAME"]:
                smtp.login(self.config["MAIL_USERNAME"], self.config["MAIL_PASSWORD"])
            smtp.send_message(msg)


def init_mailer(app: Flask) -> None:
    app.extensions["mailer"] = SMTPMailer(app) if app.config.get("MAIL_SERVER") else LogMailer()


def send_mail(mail: Mail) -> None:
    current_app.extensions["mailer"].send(mail)
