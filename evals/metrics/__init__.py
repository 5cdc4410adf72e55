"""Pure metric functions over plain records (dicts and lists), one concept per module."""
