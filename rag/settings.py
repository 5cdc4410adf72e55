"""One typed settings object, read from RAG_* environment variables and passed to components."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

LOCAL_MODEL_ALIAS = "gemma-3-270m"


class Settings(BaseSettings):
    """Every knob the CLI, the Python API and the chat share."""

    model_config = SettingsConfigDict(env_prefix="RAG_", extra="ignore", populate_by_name=True)

    corpus_dir: Path = Field(Path("corpus"), description="Documents to index.")
    index_dir: Path = Field(Path(".rag/index"), description="Where the embedded Chroma index lives.")
    chroma_url: str | None = Field(
        None, description="A Chroma server (e.g. http://127.0.0.1:8000) instead of the embedded store."
    )
    llm: Literal["auto", "none"] = Field(
        "auto", description="'none' answers extractively, with no LLM at all."
    )
    llm_base_url: str | None = Field(
        None,
        validation_alias=AliasChoices("RAG_LLM_BASE_URL", "OPENAI_BASE_URL"),
        description="Any OpenAI-compatible endpoint; unset starts the packaged local model.",
    )
    llm_model: str | None = Field(
        None, description="Model name sent to the endpoint; defaults to the local model's alias."
    )
    llm_api_key: str | None = Field(
        None,
        validation_alias=AliasChoices("RAG_LLM_API_KEY", "OPENAI_API_KEY"),
        description="Key for the endpoint.",
    )
    llm_timeout: float = Field(
        8.0, gt=0, description="Seconds an LLM call may take before the answer falls back to quotes."
    )
    llm_max_tokens: int = Field(96, gt=0, description="Most tokens a drafted answer may use.")
    llm_judge: bool = Field(
        True, description="With RAG_LLM_BASE_URL, also ask that model whether each verified sentence "
        "is supported by its cited passages (it can only drop sentences, never add them), and, when it "
        "drafted 'not in sources' but the rules would quote, whether those quotes answer (its no refuses).",
    )
    top_k: int = Field(6, ge=1, le=50, description="Chunks retrieved per question.")
    max_question_chars: int = Field(2000, ge=50, description="Longer questions are rejected.")
    api_key: str | None = Field(
        None, description="Bearer key `rag serve` requires of its clients; unset means no auth."
    )

    @property
    def model_name(self) -> str:
        return self.llm_model or LOCAL_MODEL_ALIAS
