"""Background jobs of the registry, run by Procrastinate's worker (``manage.py worker``)."""

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from models_registry import text_extraction


# What is in a file never fails the job (it is recorded as unreadable); only the database can,
# and then the job is tried again a few times.
@app.task(queue="documents", retry=RetryStrategy(max_attempts=5, exponential_wait=5))
def read_document_text(stored_file: str, pk: int) -> str:
    """Read the text of one upload (``stored_file`` is its model's label) and save it."""
    model = text_extraction.stored_file_model(stored_file)
    stored = model.objects.filter(pk=pk).first()
    reading = stored and text_extraction.stored_file_read(stored)
    return str(reading.state) if reading else "gone"
