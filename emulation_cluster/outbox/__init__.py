"""The outbox: every email the portal sends, written first as a row, then sent by a task.

A message is a row (``OutgoingMessage``) of the transaction of the write that causes it, with
the job that sends it (Procrastinate's Django connector defers on the request's own
connection): if the write rolls back there is no message, if it commits the message and its job
are both there, whatever happens to the mail server afterwards. See ``outbox.sending``.
"""
