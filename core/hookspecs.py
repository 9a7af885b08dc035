"""Hook specifications: the whole plugin API, one function per hook.

Every hook is called once per run while the run is being built, never once per
record: per-record work happens inside the components that plugins register.
Each ``register_<kinds>`` hook receives ``register(name, factory)``. The
pipeline calls ``factory(**options)`` with a recipe step's options, so the
factory's keyword parameters are the step's option schema. A factory may also
ask for services by declaring keyword-only parameters with reserved names:
``hook`` (the hook relay, for look-ups such as ``stopwords_for_language``),
``shard`` (a ``Shard`` telling a source which part of its input to read),
``workdir`` (a private scratch folder) and ``base_dir`` (the folder of the
recipe, to resolve relative paths). Recipes cannot set those names.

The protocols in ``zhiling.kinds`` say what each factory must return.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from zhiling.card import CardContext

hookspec = pluggy.HookspecMarker("zhiling")
hookimpl = pluggy.HookimplMarker("zhiling")

Register = Callable[[str, Callable[..., Any]], None]


@hookspec
def register_sources(register: Register) -> None:
    """Add sources that recipes use as ``- read: <name>``.

    The factory returns an iterable of document records (see
    ``zhiling.kinds.Source``). It receives ``shard`` and must yield only the
    documents of that shard, so that worker processes split the input without
    overlap. An input it cannot read becomes a record with ``drop_reason`` set.
    Its ``inputs()`` lists the files it reads; the manifest records each one's
    checksum under its path relative to the recipe, or under the name that an
    optional ``input_name(path)`` returns (``zhiling.kinds.NamedInputs``) for
    inputs outside the project, such as a download cache: a relative name
    without ``..``, the same on every machine. A document's ``meta["source"]``
    (its released ``source.uri``) is that name, then the place inside the input.
    """


@hookspec
def register_segmenters(register: Register) -> None:
    """Add segmenters that recipes use as ``- segment: <name>``.

    The component's ``segment(record)`` returns the records that replace it:
    usually the same record with ``words`` added, or several records when it
    splits a document.
    """


@hookspec
def register_filters(register: Register) -> None:
    """Add filters that recipes use as ``- filter: <name>``.

    The component's ``reason_to_drop(record)`` returns a short, stable
    snake_case reason to drop the record, or None to keep it. Reasons are
    counted in the manifest.

    A filter that is faster on many records at once (a model, a vectorised
    lookup) sets ``batch_size`` and implements ``reasons_to_drop(records)``,
    returning one reason or None per record in order (``kinds.BatchFilter``).
    Extractors batch with ``extract_batch(documents)`` and segmenters with
    ``segment_batch(records)``, each returning one iterable per input. The core
    keeps order, per-record reasons and errors that name the record, so the
    release does not depend on the batch size or the number of workers.
    """


@hookspec
def register_extractors(register: Register) -> None:
    """Add extractors that recipes use as ``- extract: <name>``.

    The component's ``extract(document)`` yields instruction records built with
    ``zhiling.instruction_record`` so that they carry their source spans and
    pattern. Its ``name`` and ``version`` attributes identify the pattern.
    """


@hookspec
def register_dedupers(register: Register) -> None:
    """Add dedupers that recipes use as ``- dedupe: <name>``.

    The component is called with the whole record stream and returns the
    survivors. It is a barrier: it sees every record before yielding, and must
    document how its memory grows. It reports removals through
    ``removed()`` as ``(record, reason)`` pairs so nothing is dropped silently.
    """


@hookspec
def register_audits(register: Register) -> None:
    """Add audits that recipes use as ``- audit: <name>`` under ``audits:``.

    The component's ``observe(record)`` sees every record that will be
    released, and ``report()`` returns a JSON-serialisable summary stored in
    the manifest and ``report.json``, rendered into the card as tables and
    read by the recipe's ``gates``. An audit that must change what is
    released (PII redaction) also defines ``apply(record)``, returning the
    record to release or a reason to drop it; see ``zhiling.kinds.Audit``.
    """


@hookspec
def register_release_targets(register: Register) -> None:
    """Add release targets that recipes use as ``- publish: <name>``.

    The component's ``publish(release_dir, manifest)`` copies a finished
    release to its destination and returns where it went. It must never
    overwrite a different release of the same version.
    """


@hookspec
def register_trainers(register: Register) -> None:
    """Add trainers that recipes use as ``train: {use: <name>, ...}``.

    The component's ``train(release_dir, output_dir)`` fine-tunes a reference
    model on a finished release, saves it into ``output_dir`` and returns its
    evaluation figures, which the core adds to the manifest and the card.
    """


@hookspec
def register_executors(register: Register) -> None:
    """Add executors that recipes and the CLI select by name (``--executor``).

    The component's ``map_shards(task, count)`` runs ``task(index, count)``
    for every shard and returns the results in shard order. ``task`` is a
    picklable callable; components are rebuilt inside it, never pickled.
    """


@hookspec(firstresult=True)
def stopwords_for_language(language: str) -> frozenset[str] | None:
    """Return the stop words for a BCP 47 ``language`` tag such as "zh" or "en".

    The first non-None answer wins, so return None for languages you do not
    cover. The built-in lists answer last and can be replaced by any plugin.
    """


@hookspec(firstresult=True)
def lexicons_for_language(language: str, kind: str) -> dict[str, str] | None:
    """Return the word list of ``kind`` for a language, mapping each term to its group.

    Audits and filters that count words ask this once per language they meet,
    never per record. Kinds used by the built-ins: ``gender`` (groups
    ``male``/``female``), ``occupation`` (group: an English occupation name,
    so languages aggregate), ``region``, ``ethnicity``, ``age`` and
    ``offensive`` (group: a category such as ``insult``). A group of ``-``
    marks a blocker: a longer word that contains a term but means something
    else (其他 contains 他), matched so that the shorter term is not.

    A hook rather than files next to each audit, so that a plugin can add a
    language, or replace a list for its domain, without forking the audits:
    the same reason ``stopwords_for_language`` exists. Stops at the first
    non-None result; return None for languages or kinds you do not cover. The
    built-in lists (zh, en) answer last.
    """


@hookspec(firstresult=True)
def render_dataset_card(context: CardContext) -> str | None:
    """Return the dataset card (``README.md``) for a release being written.

    ``context`` holds the recipe, the Hub metadata and the manifest. The
    built-in renderer answers last; a plugin overrides it by returning text.
    """
