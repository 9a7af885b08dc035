"""Publish a release to a Hugging Face Hub dataset repo: one commit, tagged with its version.

Users pin a release with ``load_dataset(repo, config, revision="v1.0.0")``, so a
tag must never move: the target refuses a version whose tag exists, uploads
the whole release folder as one commit on top of the head it checked, and
tags that commit's sha (not ``main``, which may move on). Only the files the
manifest lists (with ``manifest.json``) are uploaded: a release holding a link
or any unlisted file (say a ``.env``) is refused, naming the file, rather than
silently filtered, so the user learns what was lying there. The card is checked
offline first, since the Hub's own check needs the network. The token comes
from ``HF_TOKEN`` or ``hf auth login`` and is scrubbed from every message.
"""

from __future__ import annotations

import glob
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from zhiling import ReleaseError, check_release, hookimpl, publishable_files

T = TypeVar("T")
REPO_TYPE = "dataset"
# Hub user tokens look like this; scrub them even when they are not ours.
TOKEN_PATTERN = re.compile(r"hf_[A-Za-z0-9]{8,}")


class HubTarget:
    """Upload releases into the Hub dataset repo ``repo`` (``namespace/name``)."""

    def __init__(self, *, repo: str, private: bool = False) -> None:
        if repo.count("/") != 1 or not all(repo.split("/")):
            raise ReleaseError(f"repo {repo!r} is not of the form NAMESPACE/NAME")
        self.repo = repo
        self.private = private

    def publish(self, release_dir: Path, manifest: dict[str, Any]) -> str:
        from huggingface_hub import HfApi, get_token

        files = publishable_files(release_dir, manifest)
        check_release(release_dir)
        token = get_token()
        if not token:
            raise ReleaseError(
                "no Hugging Face token: set HF_TOKEN or run 'hf auth login' before publishing"
            )
        tag = f"v{manifest['version']}"
        api = HfApi(token=token)
        guard = _Scrubbed(token, f"publishing {manifest['name']} {tag} to {self.repo}")
        head = self._head_without(tag, api, guard)
        commit = guard.call(
            "upload the release",
            lambda: api.upload_folder(
                repo_id=self.repo,
                repo_type=REPO_TYPE,
                folder_path=release_dir,
                commit_message=f"Release {manifest['name']} {manifest['version']}",
                commit_description=f"content_sha256: {manifest.get('content_sha256', 'unknown')}",
                parent_commit=head,
                # Exact names: escaped so '[' or '*' in a name is no pattern.
                allow_patterns=[glob.escape(name) for name in files],
                delete_patterns="*",
            ),
        )
        guard.call(
            "tag the release",
            lambda: api.create_tag(
                self.repo,
                repo_type=REPO_TYPE,
                tag=tag,
                revision=commit.oid,
                tag_message=f"{manifest['name']} {manifest['version']}",
            ),
            conflict=_refusal(self.repo, tag, "a concurrent publish"),
        )
        return f"{api.endpoint}/datasets/{self.repo}@{tag} (commit {commit.oid})"

    def _head_without(self, tag: str, api: Any, guard: _Scrubbed) -> str | None:
        """Create the repo if needed and return the head of main, refusing if ``tag`` exists."""
        guard.call(
            "create the repo",
            lambda: api.create_repo(
                self.repo, repo_type=REPO_TYPE, private=self.private, exist_ok=True
            ),
        )
        refs = guard.call("list tags", lambda: api.list_repo_refs(self.repo, repo_type=REPO_TYPE))
        tags = {ref.name: ref.target_commit for ref in refs.tags}
        if tag in tags:
            raise ReleaseError(_refusal(self.repo, tag, tags[tag]))
        return next((ref.target_commit for ref in refs.branches if ref.name == "main"), None)


def _refusal(repo: str, tag: str, target: str) -> str:
    return (
        f"{repo} already has tag {tag} (on {target}); a published version is never moved "
        "or overwritten: bump 'version' in the recipe and build a new release"
    )


class _Scrubbed:
    """Run Hub calls, turning failures into ``ReleaseError`` messages without the token."""

    def __init__(self, token: str, context: str) -> None:
        self.token = token
        self.context = context

    def scrub(self, text: str) -> str:
        return TOKEN_PATTERN.sub("hf_***", text.replace(self.token, "***"))

    def call(self, what: str, action: Callable[[], T], conflict: str | None = None) -> T:
        try:
            return action()
        except Exception as exc:
            response = getattr(exc, "response", None)
            if conflict and getattr(response, "status_code", None) == 409:
                message = conflict
            else:
                message = f"{self.context}: could not {what}: {type(exc).__name__}: {exc}"
        # Raised outside the handler and without a cause, so no traceback
        # carries the original exception, its request or its headers.
        raise ReleaseError(self.scrub(message))


@hookimpl
def register_release_targets(register):
    register("hub", HubTarget)
