"""Generation hooks for the fuzz suite (loaded through SCHEMATHESIS_HOOKS).

JSON Schema cannot say "unique by one field". The OpenAPI document marks such arrays with
`x-unique-by: <field>` (an order lists each menuItemId once); this hook keeps the request bodies
schemathesis generates as valid within that rule, so that positive_data_acceptance tests the rule
the document states instead of tripping over the one it cannot.
"""

import schemathesis


def _unique_by_fields(schema, path=()):
    """Yield (path, field) for each array in `schema` that declares x-unique-by."""
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "array" and "x-unique-by" in schema:
        yield path, schema["x-unique-by"]
    for name, child in (schema.get("properties") or {}).items():
        yield from _unique_by_fields(child, (*path, name))


def _deduplicate(value, path, field):
    if not path:
        if isinstance(value, list):
            seen = set()
            value[:] = [item for item in value if not _seen(item, field, seen)]
        return
    if isinstance(value, dict) and path[0] in value:
        _deduplicate(value[path[0]], path[1:], field)


def _seen(item, field, seen):
    if not isinstance(item, dict) or field not in item:
        return False
    key = repr(item[field])
    if key in seen:
        return True
    seen.add(key)
    return False


@schemathesis.hook
def map_body(context, body):
    operation = context.operation
    if operation is None or not isinstance(body, dict):
        return body
    for media in (operation.definition.raw.get("requestBody") or {}).get("content", {}).values():
        for path, field in _unique_by_fields(media.get("schema")):
            _deduplicate(body, path, field)
    return body


def _has_duplicates(value, path, field):
    if not path:
        if not isinstance(value, list):
            return False
        seen = set()
        return any(_seen(item, field, seen) for item in value)
    return isinstance(value, dict) and path[0] in value and _has_duplicates(value[path[0]], path[1:], field)


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Keep every failure but a 400 for a body that breaks an x-unique-by rule: that 400 is the rule at work.

    The coverage phase builds its boundary bodies without the map_body hook (an array of maxItems
    copies of one item), so the refusal it provokes is excused here, and only that one.
    """
    if type(failure).__name__ != "RejectedPositiveData" or response.status_code != 400 or not isinstance(case.body, dict):
        return True
    for media in (case.operation.definition.raw.get("requestBody") or {}).get("content", {}).values():
        for path, field in _unique_by_fields(media.get("schema")):
            if _has_duplicates(case.body, path, field):
                return False
    return True
