"""Index life cycle: a component template with the analysis settings, one
composable index template per document type, versioned indices
(`<prefix>-events-20261128t160102123456`) behind an alias (`<prefix>-events`).

A rebuild fills a new index while the alias keeps serving the old one, swaps
the alias in one atomic request, then deletes every older index of that type,
so rebuilds never leak indices.
"""

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from elasticsearch import NotFoundError
from elasticsearch.helpers import parallel_bulk, scan, streaming_bulk
from elasticsearch_dsl import Document

from .analysis import analysis_settings
from .connection import config, get_admin_client, get_bulk_client, index_prefix
from .documents import (
    HubDocument,
    LabelDocument,
    document_classes,
    index_classes,
    label_id,
    split_suggestions,
)

BULK_CHUNK = 500


class IndexingError(RuntimeError):
    pass


def component_template_name() -> str:
    return f"{index_prefix()}-analysis"


def replica_settings() -> dict:
    """A fixed number of replicas when configured (a cluster: every shard on
    two nodes, so losing one node loses no data), else one replica as soon as
    a second node exists and none on a single node (green in development)."""
    replicas = config().get("replicas")
    if replicas is None:
        return {"auto_expand_replicas": "0-1"}
    return {"number_of_replicas": int(replicas), "auto_expand_replicas": False}


# While a rebuild fills a new index: no refresh, and no replica (it would
# index every document a second time; copying the finished primary's
# segments costs far less). rebuild_elasticsearch() restores both.
BUILD_SETTINGS = {"refresh_interval": "-1", "number_of_replicas": 0,
                  "auto_expand_replicas": False}
REPLICA_WAIT = 600  # seconds a rebuild waits for the copies of a new index


def serving_settings() -> dict:
    """What BUILD_SETTINGS changed, back as the templates set it."""
    return {"refresh_interval": None, **replica_settings()}


def wait_for_replicas(index: str) -> bool:
    """Wait until every copy of a rebuilt index is allocated (green), at most
    REPLICA_WAIT seconds; False when the cluster cannot hold them (fewer
    data nodes than copies) or they are not there in time."""
    client = get_admin_client()
    replicas = config().get("replicas")
    if replicas and client.cluster.health()["number_of_data_nodes"] <= int(replicas):
        return False
    health = client.options(request_timeout=REPLICA_WAIT + 30, ignore_status=408
                            ).cluster.health(index=index, wait_for_status="green",
                                             timeout=f"{REPLICA_WAIT}s")
    return health["status"] == "green"


def put_templates() -> None:
    """Create or update the component and index templates."""
    client = get_admin_client()
    client.cluster.put_component_template(
        name=component_template_name(),
        template={"settings": {
            "number_of_shards": 1,  # one shard: exact facet counts, small data
            **replica_settings(),
            **analysis_settings(),
        }},
    )
    for doc_class in index_classes():
        client.indices.put_index_template(
            name=doc_class.alias(),
            index_patterns=[f"{doc_class.alias()}-*"],
            composed_of=[component_template_name()],
            template={"mappings": doc_class._doc_type.mapping.to_dict()},
            priority=200,
            meta={"description": "Flanders Academic Hub search index"},
        )


def concrete_indices(doc_class: type[Document]) -> list[str]:
    """Every versioned index of a document type, oldest first."""
    try:
        found = get_admin_client().indices.get(index=f"{doc_class.alias()}-*",
                                         expand_wildcards="open,closed")
    except NotFoundError:
        return []
    return sorted(found.keys())


def aliased_index(doc_class: type[Document]) -> str | None:
    try:
        found = get_admin_client().indices.get_alias(name=doc_class.alias())
    except NotFoundError:
        return None
    return next(iter(found), None)


def new_index(doc_class: type[Document]) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dt%H%M%S%f")
    name = f"{doc_class.alias()}-{stamp}"
    get_admin_client().indices.create(index=name)  # settings and mappings: templates
    return name


def ensure_indices() -> None:
    """Templates, and an aliased index for every document type and the
    labels."""
    put_templates()
    client = get_admin_client()
    for doc_class in index_classes():
        if aliased_index(doc_class) is None:
            index = new_index(doc_class)
            client.indices.put_alias(index=index, name=doc_class.alias())


def swap_alias(doc_class: type[Document], index: str) -> list[str]:
    """Point the alias at ``index`` atomically; delete the older indices.
    Returns the deleted index names."""
    client = get_admin_client()
    old = [name for name in concrete_indices(doc_class) if name != index]
    actions = [{"add": {"index": index, "alias": doc_class.alias()}}]
    actions += [{"remove": {"index": name, "alias": doc_class.alias()}}
                for name in old if name == aliased_index(doc_class)]
    client.indices.update_aliases(actions=actions)
    for name in old:
        client.indices.delete(index=name, ignore_unavailable=True)
    return old


def bulk(actions: Iterable[dict], on_progress: Callable[[int], None] | None = None,
         refresh: bool | None = None, threads: int = 1) -> int:
    """Send index/delete actions in chunks; a missing document on delete is
    fine, anything else raises IndexingError. Returns the number of actions.

    With ``threads`` > 1 several chunks are in flight at once, so building the
    next chunk in Python overlaps with Elasticsearch analysing the last one
    (rebuilds); the order of actions is then not kept."""
    done = 0
    errors = []
    if refresh is None:
        refresh = bool(config().get("refresh"))
    options = {"chunk_size": BULK_CHUNK, "raise_on_error": False,
               "raise_on_exception": True,
               # "true", not "wait_for": tests and the evaluation read right
               # after each write, and waiting out the 1 s refresh interval
               # per publish cost them seconds; production never refreshes.
               "refresh": "true" if refresh else False}
    if threads > 1:
        results = parallel_bulk(get_bulk_client(), actions, thread_count=threads,
                                queue_size=threads, **options)
    else:
        results = streaming_bulk(get_bulk_client(), actions, **options)
    for ok, item in results:
        done += 1
        if not ok:
            result = next(iter(item.values()))
            if result.get("status") != 404:
                errors.append(result)
        if on_progress and done % BULK_CHUNK == 0:
            on_progress(BULK_CHUNK)
    if on_progress and done % BULK_CHUNK:
        on_progress(done % BULK_CHUNK)
    if errors:
        raise IndexingError(f"{len(errors)} bulk errors, first: {errors[0]}")
    return done


def index_actions(docs: Iterable[dict], targets: dict[str, str] | None = None,
                  ) -> Iterable[dict]:
    """An index action per document, and one per label the documents share
    (each label once). ``targets`` sends them to new indices instead of the
    aliases (a rebuild): document type or "labels" -> index name."""
    classes = document_classes()
    targets = targets or {}
    labels = targets.get("labels", LabelDocument.alias())
    seen: set[str] = set()
    for doc in docs:
        doc_type = doc["doc_type"]
        yield {"_op_type": "index",
               "_index": targets.get(doc_type) or classes[doc_type].alias(),
               "_id": doc["page_id"], "_source": classes[doc_type].source(doc)}
        for entry in split_suggestions(doc)[1]:
            key = label_id(doc, entry)
            if key not in seen:
                seen.add(key)
                yield {"_op_type": "index", "_index": labels, "_id": key,
                       "_source": LabelDocument.source(doc, entry)}


def replace_documents(docs: list[dict], gone: Iterable[int]) -> None:
    """Index ``docs``, delete the documents of the ``gone`` pages, and remove
    the labels that no document uses any more (a keyword taken off its last
    entry, the organisation of a deleted page): autocomplete never offers
    what a search cannot find, or what left the public site."""
    gone = list(gone)
    before = labels_of([doc["page_id"] for doc in docs] + gone)
    bulk(index_actions(docs))
    bulk(delete_actions(gone))
    kept = {label_id(doc, entry) for doc in docs for entry in split_suggestions(doc)[1]}
    prune_labels(before - kept)


def labels_of(page_ids: list[int]) -> set[str]:
    """The labels the indexed documents of these pages use now."""
    if not page_ids:
        return set()
    aliases = [cls.alias() for cls in document_classes().values()]
    hits = get_bulk_client().search(
        index=aliases, query={"terms": {"page_id": page_ids}},
        source=["labels"], size=len(page_ids), ignore_unavailable=True,
    )["hits"]["hits"]
    return {label for hit in hits for label in hit["_source"].get("labels") or []}


def prune_labels(candidates: set[str]) -> int:
    """Delete those of ``candidates`` that no document uses; how many."""
    if not candidates:
        return 0
    client = get_bulk_client()
    aliases = [cls.alias() for cls in document_classes().values()]
    client.indices.refresh(index=aliases)  # the bulk just sent counts
    used = client.search(
        index=aliases, size=0, query={"terms": {"labels": sorted(candidates)}},
        aggs={"used": {"terms": {"field": "labels", "include": sorted(candidates),
                                 "size": len(candidates)}}},
    )["aggregations"]["used"]["buckets"]
    unused = candidates - {bucket["key"] for bucket in used}
    if unused:
        bulk({"_op_type": "delete", "_index": LabelDocument.alias(), "_id": key}
             for key in unused)
    return len(unused)


def delete_actions(page_ids: Iterable[int]) -> Iterable[dict]:
    """A page whose type is unknown (already deleted) is removed from every
    alias; 404s are ignored by bulk()."""
    aliases = [cls.alias() for cls in document_classes().values()]
    for page_id in page_ids:
        for alias in aliases:
            yield {"_op_type": "delete", "_index": alias, "_id": page_id}


def indexed_fingerprints(doc_class: type[HubDocument]) -> dict[int, str]:
    """page id -> fingerprint of every document behind the alias."""
    found = {}
    for hit in scan(get_bulk_client(), index=doc_class.alias(), _source=["fingerprint"],
                    query={"query": {"match_all": {}}}, size=2000):
        found[int(hit["_id"])] = hit["_source"].get("fingerprint", "")
    return found


def count(doc_class: type[HubDocument]) -> int:
    return int(get_admin_client().count(index=doc_class.alias())["count"])


def refresh() -> None:
    get_bulk_client().indices.refresh(index=f"{index_prefix()}-*")


def delete_all() -> None:
    """Remove every index and template of this prefix (tests, uninstall)."""
    client = get_admin_client()
    for doc_class in index_classes():
        for name in concrete_indices(doc_class):
            client.indices.delete(index=name, ignore_unavailable=True)
        client.options(ignore_status=404).indices.delete_index_template(
            name=doc_class.alias())
    client.options(ignore_status=404).cluster.delete_component_template(
        name=component_template_name())
