"""The browser chat: a Gradio app that talks only to the rag Assistant."""

import os

# Gradio reads this when it is imported: the chat must never phone home.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
