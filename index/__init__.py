"""Ingestion: load documents, clean them, chunk them with exact offsets, and keep a Chroma index."""
