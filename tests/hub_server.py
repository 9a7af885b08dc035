"""A small stand-in for the Hugging Face Hub, for testing publishing with the real clients.

It serves, on 127.0.0.1, the part of the Hub API that ``huggingface_hub``
(uploads with ``HF_HUB_DISABLE_XET=1``) and ``datasets.load_dataset`` call:
repos, commits (NDJSON, with LFS objects uploaded beforehand), branches, tags
and file downloads with Range support. State lives in memory. It proves the
request sequences of the real clients, not the Hub's own validation,
permissions, Xet storage or rate limits.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import yaml

REPO = r"(?P<repo>[^/]+/[^/]+?)"
REV = r"(?P<rev>[^/]+)"
JSON_TYPES = ("application/json", "application/vnd.git-lfs+json")


@dataclass
class Commit:
    sha: str
    parent: str | None
    title: str
    files: dict[str, bytes]
    lfs: frozenset[str]


@dataclass
class Repo:
    private: bool
    commits: dict[str, Commit] = field(default_factory=dict)
    branches: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)

    def resolve(self, revision: str) -> Commit | None:
        sha = self.branches.get(revision) or self.tags.get(revision) or revision
        return self.commits.get(sha)


class HubError(Exception):
    def __init__(self, status: int, message: str, code: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.extra = status, code, extra


def git_blob_oid(content: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


class FakeHub:
    """The Hub's state plus a threaded HTTP server; ``url`` is its endpoint."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.repos: dict[str, Repo] = {}
        self.objects: dict[str, bytes] = {}
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.routes: list[tuple[str, re.Pattern[str], Callable[..., Any]]] = [
            (m, re.compile(p + "$"), f)
            for m, p, f in [
                ("POST", r"/api/repos/create", self.create_repo),
                ("GET", rf"/api/datasets/{REPO}/refs", self.refs),
                ("GET", rf"/api/datasets/{REPO}/tree/{REV}(?:/(?P<path>.*))?", self.tree),
                ("POST", rf"/api/datasets/{REPO}/preupload/{REV}", self.preupload),
                ("POST", rf"/api/datasets/{REPO}/commit/{REV}", self.commit),
                ("POST", rf"/api/datasets/{REPO}/tag/{REV}", self.tag),
                ("GET", rf"/api/datasets/{REPO}(?:/revision/{REV})?", self.info),
                ("POST", r"/api/validate-yaml", self.validate_yaml),
                ("POST", rf"/datasets/{REPO}\.git/info/lfs/objects/batch", self.lfs_batch),
                ("PUT", r"/lfs/(?P<oid>[0-9a-f]{64})", self.lfs_put),
                ("GET", rf"/datasets/{REPO}/resolve/{REV}/(?P<path>.+)", self.resolve),
            ]
        ]
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeHub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # Helpers

    def repo(self, repo_id: str, headers: Any) -> Repo:
        repo = self.repos.get(repo_id)
        if repo is None or (repo.private and not self.authorised(headers)):
            raise HubError(404, f"Repository {repo_id} not found", "RepoNotFound")
        return repo

    def commit_at(self, repo: Repo, rev: str) -> Commit:
        commit = repo.resolve(rev)
        if commit is None:
            raise HubError(404, f"Invalid rev id: {rev}", "RevisionNotFound")
        return commit

    def authorised(self, headers: Any) -> bool:
        return headers.get("authorization") == f"Bearer {self.token}"

    def new_commit(
        self,
        repo: Repo,
        parent: Commit | None,
        title: str,
        content: dict[str, bytes],
        lfs: frozenset[str],
    ) -> Commit:
        digest = hashlib.sha1(f"{parent and parent.sha}\n{title}\n".encode())
        for path in sorted(content):
            digest.update(f"{path}:{hashlib.sha256(content[path]).hexdigest()}\n".encode())
        commit = Commit(digest.hexdigest(), parent and parent.sha, title, content, lfs)
        repo.commits[commit.sha] = commit
        return commit

    def entry(self, commit: Commit, path: str) -> dict[str, Any]:
        content = commit.files[path]
        item = {"type": "file", "path": path, "size": len(content), "oid": git_blob_oid(content)}
        if path in commit.lfs:
            sha = hashlib.sha256(content).hexdigest()
            item["lfs"] = {"oid": sha, "size": len(content), "pointerSize": 134}
        return item

    # Endpoints: each returns (status, JSON body) or (status, bytes, headers)

    def create_repo(self, body: dict[str, Any], headers: Any, **_: Any) -> Any:
        self.check_token(headers)
        repo_id = f"{body['organization']}/{body['name']}"
        if repo_id in self.repos:
            url = f"{self.url}/datasets/{repo_id}"
            raise HubError(409, "You already created this dataset repo", url=url)
        repo = Repo(private=body.get("visibility") == "private")
        attributes = b"*.parquet filter=lfs diff=lfs merge=lfs -text\n"
        first = self.new_commit(
            repo, None, "initial commit", {".gitattributes": attributes}, frozenset()
        )
        repo.branches["main"] = first.sha
        self.repos[repo_id] = repo
        return 200, {"url": f"{self.url}/datasets/{repo_id}", "name": repo_id}

    def info(self, repo: str, headers: Any, rev: str | None = None, **_: Any) -> Any:
        commit = self.commit_at(self.repo(repo, headers), unquote(rev or "main"))
        siblings = [{"rfilename": path} for path in sorted(commit.files)]
        private = self.repos[repo].private
        return 200, {"id": repo, "sha": commit.sha, "private": private, "siblings": siblings}

    def refs(self, repo: str, headers: Any, **_: Any) -> Any:
        found = self.repo(repo, headers)

        def listed(refs: dict[str, str], kind: str) -> list[dict[str, str]]:
            return [
                {"name": name, "ref": f"refs/{kind}/{name}", "targetCommit": sha}
                for name, sha in sorted(refs.items())
            ]

        return 200, {
            "branches": listed(found.branches, "heads"),
            "tags": listed(found.tags, "tags"),
            "converts": [],
            "pullRequests": [],
        }

    def tree(
        self, repo: str, rev: str, headers: Any, query: Any, path: str | None = None, **_: Any
    ) -> Any:
        commit = self.commit_at(self.repo(repo, headers), unquote(rev))
        prefix = f"{unquote(path).strip('/')}/" if path else ""
        recursive = query.get("recursive", ["false"])[0].lower() in ("1", "true")
        entries, folders = [], set()
        for name in sorted(commit.files):
            if not name.startswith(prefix):
                continue
            rest = name[len(prefix) :]
            if recursive or "/" not in rest:
                entries.append(self.entry(commit, name))
            parts = rest.split("/")[:-1]
            depth = len(parts) if recursive else min(1, len(parts))
            folders.update(prefix + "/".join(parts[: i + 1]) for i in range(depth))
        if prefix and not entries and not folders:
            raise HubError(404, f"{path} does not exist at {rev}", "EntryNotFound")
        dirs = [{"type": "directory", "path": f, "oid": git_blob_oid(f.encode())} for f in folders]
        return 200, sorted(dirs, key=lambda d: d["path"]) + entries

    def preupload(self, repo: str, rev: str, headers: Any, body: Any, **_: Any) -> Any:
        self.commit_at(self.writable(repo, headers), unquote(rev))
        files = []
        for item in body["files"]:
            binary = b"\0" in base64.b64decode(item["sample"]) or item["path"].endswith(".parquet")
            mode = "lfs" if binary else "regular"
            files.append({"path": item["path"], "uploadMode": mode, "shouldIgnore": False})
        return 200, {"files": files}

    def check_token(self, headers: Any) -> None:
        if not self.authorised(headers):
            # Echo the header, as a careless proxy might, so tests see errors scrubbed.
            got = headers.get("authorization")
            raise HubError(401, f"Invalid credentials in Authorization header: {got}")

    def writable(self, repo_id: str, headers: Any) -> Repo:
        self.check_token(headers)
        return self.repo(repo_id, headers)

    def lfs_batch(self, repo: str, headers: Any, body: Any, **_: Any) -> Any:
        self.writable(repo, headers)
        objects = []
        for item in body["objects"]:
            entry = {"oid": item["oid"], "size": item["size"]}
            if item["oid"] not in self.objects:
                entry["actions"] = {"upload": {"href": f"{self.url}/lfs/{item['oid']}"}}
            objects.append(entry)
        return 200, {"transfer": "basic", "objects": objects}

    def lfs_put(self, oid: str, raw: bytes, **_: Any) -> Any:
        if hashlib.sha256(raw).hexdigest() != oid:
            raise HubError(400, "uploaded bytes do not match their oid")
        self.objects[oid] = raw
        return 200, {}

    def commit(self, repo: str, rev: str, headers: Any, raw: bytes, **_: Any) -> Any:
        found = self.writable(repo, headers)
        branch = unquote(rev)
        if branch not in found.branches:
            raise HubError(404, f"Invalid rev id: {branch}", "RevisionNotFound")
        parent = found.commits[found.branches[branch]]
        lines = [json.loads(line) for line in raw.decode().splitlines() if line.strip()]
        header = lines[0]["value"]
        if header.get("parentCommit") not in (None, parent.sha):
            raise HubError(412, "A commit has happened since. Please refresh and try again.")
        content, lfs = dict(parent.files), set(parent.lfs)
        for line in lines[1:]:
            value, key = line["value"], line["key"]
            if key == "file":
                content[value["path"]] = base64.b64decode(value["content"])
                lfs.discard(value["path"])
            elif key == "lfsFile":
                if value["oid"] not in self.objects:
                    raise HubError(400, f"LFS object {value['oid']} was never uploaded")
                content[value["path"]] = self.objects[value["oid"]]
                lfs.add(value["path"])
            elif key == "deletedFile":
                content.pop(value["path"], None)
                lfs.discard(value["path"])
            else:
                raise HubError(400, f"unsupported commit operation {key!r}")
        commit = self.new_commit(found, parent, header["summary"], content, frozenset(lfs))
        found.branches[branch] = commit.sha
        url = f"{self.url}/datasets/{repo}/commit/{commit.sha}"
        return 200, {"commitUrl": url, "commitOid": commit.sha, "pullRequestUrl": None}

    def tag(self, repo: str, rev: str, headers: Any, body: Any, **_: Any) -> Any:
        found = self.writable(repo, headers)
        commit = self.commit_at(found, unquote(rev))
        if body["tag"] in found.tags:
            raise HubError(409, f"Tag {body['tag']} already exists")
        found.tags[body["tag"]] = commit.sha
        return 200, {}

    def validate_yaml(self, body: Any, **_: Any) -> Any:
        parts = body["content"].split("---\n", 2)
        try:
            metadata = yaml.safe_load(parts[1]) if len(parts) == 3 else None
        except yaml.YAMLError as exc:
            return 400, {"errors": [{"message": f"invalid YAML: {exc}"}], "warnings": []}
        if not isinstance(metadata, dict):
            return 400, {"errors": [{"message": "no YAML metadata"}], "warnings": []}
        return 200, {"errors": [], "warnings": []}

    def resolve(self, repo: str, rev: str, path: str, headers: Any, **_: Any) -> Any:
        commit = self.commit_at(self.repo(repo, headers), unquote(rev))
        path = unquote(path)
        if path not in commit.files:
            raise HubError(404, f"Entry not found: {path}", "EntryNotFound")
        content = commit.files[path]
        entry = self.entry(commit, path)
        etag = entry["lfs"]["oid"] if "lfs" in entry else entry["oid"]
        sent = {"ETag": f'"{etag}"', "X-Repo-Commit": commit.sha, "Accept-Ranges": "bytes"}
        if "lfs" in entry:
            sent |= {"X-Linked-Etag": f'"{etag}"', "X-Linked-Size": str(len(content))}
        wanted = re.fullmatch(r"bytes=(\d*)-(\d*)", headers.get("range") or "")
        if not wanted:
            return 200, content, sent
        start = int(wanted[1] or 0)
        end = min(int(wanted[2]) if wanted[2] else len(content) - 1, len(content) - 1)
        sent["Content-Range"] = f"bytes {start}-{end}/{len(content)}"
        return 206, content[start : end + 1], sent


def _handler(hub: FakeHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet: the test reads ``hub.requests`` instead."""

        def do_GET(self) -> None:
            self.dispatch("GET")

        def do_HEAD(self) -> None:
            self.dispatch("GET", head=True)

        def do_POST(self) -> None:
            self.dispatch("POST")

        def do_PUT(self) -> None:
            self.dispatch("PUT")

        def dispatch(self, method: str, head: bool = False) -> None:
            url = urlsplit(self.path)
            raw = self.read_body()
            hub.requests.append(("HEAD" if head else method, url.path))
            try:
                result = self.route(method, url, raw)
            except Exception as exc:
                if not isinstance(exc, HubError):
                    exc = HubError(500, f"{type(exc).__name__}: {exc}")
                error = {"X-Error-Code": exc.code} if exc.code else {}
                body = {"error": str(exc), **exc.extra}
                result = (exc.status, body, error)
            status, body, sent = (*result, {}) if len(result) == 2 else result
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            for name, value in {"Content-Length": str(len(data)), **sent}.items():
                self.send_header(name, value)
            if not isinstance(body, bytes):
                self.send_header("Content-Type", "application/json")
            self.end_headers()
            if not head:
                self.wfile.write(data)

        def read_body(self) -> bytes:
            if self.headers.get("transfer-encoding", "").lower() != "chunked":
                return self.rfile.read(int(self.headers.get("content-length") or 0))
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0], 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            self.rfile.readline()
            return b"".join(chunks)

        def route(self, method: str, url: Any, raw: bytes) -> Any:
            for verb, pattern, action in hub.routes:
                match = pattern.match(url.path)
                if verb == method and match:
                    body = _parse_body(raw, self.headers.get("content-type", ""))
                    groups = {k: v for k, v in match.groupdict().items() if v is not None}
                    query = parse_qs(url.query)
                    with hub.lock:
                        return action(
                            **groups, headers=self.headers, body=body, raw=raw, query=query
                        )
            raise HubError(404, f"no such endpoint: {method} {url.path}")

    return Handler


def _parse_body(raw: bytes, content_type: str) -> Any:
    # LFS batch requests say application/vnd.git-lfs+json; commits are NDJSON, read raw.
    kind = content_type.split(";")[0].strip()
    return json.loads(raw or b"{}") if kind in JSON_TYPES else {}
