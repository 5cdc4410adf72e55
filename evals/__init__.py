"""The evaluation suite: dataset cases run through the public rag API, scored and gated."""
