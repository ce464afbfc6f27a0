"""The development mail backend: each email printed as a person reads it (the worker's terminal
under `make run`), not as MIME: Django's console backend shows "=?utf-8?b?…?=" for every
Vietnamese subject."""

from django.core.mail.backends.console import EmailBackend as ConsoleBackend


class ReadableConsoleBackend(ConsoleBackend):
    def write_message(self, message):
        attachments = [
            part.get_filename() if hasattr(part, "get_filename") else part[0]
            for part in message.attachments
        ]
        lines = [
            "-" * 79,
            f"Thư gửi đi · Outgoing email {message.extra_headers.get('Message-ID', '')}",
            f"Từ · From: {message.from_email}",
            f"Đến · To: {', '.join(message.to)}",
            f"Tiêu đề · Subject: {message.subject}",
        ]
        if attachments:
            lines.append(f"Đính kèm · Attached: {', '.join(str(name) for name in attachments)}")
        self.stream.write("\n".join([*lines, "", message.body.rstrip(), "-" * 79, ""]) + "\n")
