"""An OpenAI-compatible HTTP API over the Assistant: `rag serve`.

Routes only do HTTP (``app.py``) and call the service (``service.py``: auth, the model name, one
question at a time). Requests are read and checked in ``requests.py``, answers are shaped as OpenAI
objects in ``replies.py``, and every failure leaves as OpenAI's error JSON (``errors.py``).
"""
