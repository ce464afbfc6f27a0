"""An ``EmailMessage`` as the columns of an ``OutgoingMessage`` and back, without loss.

What the portal sends: a plain-text body, sometimes an HTML alternative (allauth's mails), and
attachments, either (filename, content, mimetype) or a ready MIME part (the seminar's .ics, whose
``method=PUBLISH`` parameter calendar clients look for).
"""

import base64
from email.mime.base import MIMEBase
from email.mime.text import MIMEText

from django.core.mail import EmailMessage, EmailMultiAlternatives


def _part(attachment) -> dict:
    if isinstance(attachment, MIMEBase):
        return {
            "mime": attachment.get_content_type(),
            "params": {k: v for k, v in attachment.get_params()[1:] if k != "charset"},
            "filename": attachment.get_filename(),
            "text": attachment.get_payload(decode=True).decode(
                attachment.get_content_charset() or "utf-8"
            ),
        }
    filename, content, mimetype = attachment
    if isinstance(content, str):
        return {"mime": mimetype, "filename": filename, "text": content}
    return {"mime": mimetype, "filename": filename, "base64": base64.b64encode(content).decode()}


def _attachment(part: dict):
    if "base64" in part:
        return (part["filename"], base64.b64decode(part["base64"]), part["mime"])
    if not part.get("params"):
        return (part["filename"], part["text"], part["mime"])
    main, sub = part["mime"].split("/", 1)
    mime = MIMEText(part["text"], sub, "utf-8") if main == "text" else MIMEBase(main, sub)
    for name, value in part["params"].items():
        mime.set_param(name, value)
    if part.get("filename"):
        mime.add_header("Content-Disposition", "attachment", filename=part["filename"])
    return mime


def columns(message: EmailMessage) -> list[dict]:
    """One set of ``OutgoingMessage`` fields per recipient (each is sent and retried alone)."""
    extra = {}
    if message.extra_headers:
        extra["headers"] = dict(message.extra_headers)
    if getattr(message, "alternatives", None):
        extra["alternatives"] = [[content, mimetype] for content, mimetype in message.alternatives]
    if message.attachments:
        extra["attachments"] = [_part(attachment) for attachment in message.attachments]
    if message.content_subtype != "plain":
        extra["subtype"] = message.content_subtype
    return [
        {
            "recipient": recipient,
            "from_email": message.from_email,
            "subject": message.subject,
            "body": message.body,
            "extra": extra,
        }
        for recipient in [*message.to, *message.cc, *message.bcc]
    ]


def email(row, connection=None) -> EmailMultiAlternatives:
    """The email of ``row``, ready for ``connection.send_messages``."""
    extra = row.extra or {}
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email,
        to=[row.recipient],
        headers=extra.get("headers"),
        alternatives=[tuple(pair) for pair in extra.get("alternatives", [])],
        connection=connection,
    )
    message.content_subtype = extra.get("subtype", "plain")
    for part in extra.get("attachments", []):
        attachment = _attachment(part)
        if isinstance(attachment, MIMEBase):
            message.attach(attachment)
        else:
            message.attach(*attachment)
    return message
