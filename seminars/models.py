"""Seminars and their Q&A threads (built by the seminars and Q&A issues)."""
