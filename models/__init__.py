"""Pydantic v2 documents and input shapes. No I/O here."""
