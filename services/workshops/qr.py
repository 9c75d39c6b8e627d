"""The join link as a QR code image to project (segno: a standard encoder, not hand-made)."""

from __future__ import annotations

import io

import segno


def qr_png(text: str, scale: int = 10) -> bytes:
    """A PNG of `text` as a QR code (error correction M, a quiet zone of two modules)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
