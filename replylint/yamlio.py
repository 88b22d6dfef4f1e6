"""YAML reading with line numbers, so every error can cite file and line."""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml


@lru_cache(maxsize=2)
def loader_class(fast: bool = True) -> type:
    """The loader, built on first use (PyYAML is imported only when YAML is read).

    libyaml's CSafeLoader where available (`fast=False`: the pure-Python SafeLoader), with YAML 1.2 booleans: only
    true/false. In YAML 1.1 "NO", "on" and "y" are booleans, which silently
    breaks word lists such as acronyms and emphasis words.
    """
    import re

    import yaml

    base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if fast else yaml.SafeLoader
    loader = type("ReplylintLoader", (base,), {})
    loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:bool"]
                                      for k, v in base.yaml_implicit_resolvers.items()}
    for first in "tTfF":
        loader.yaml_implicit_resolvers.setdefault(first, []).append(
            ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")))
    return loader


class YamlError(ValueError):
    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


def load_with_lines(text: str, path: str, error: type[YamlError] = YamlError) -> tuple[Any, yaml.Node | None]:
    """Parse one YAML document; return the data and its node tree (for line lookups).

    Problems raise `error` (a YamlError subclass) citing path and line."""
    import yaml

    loader = loader_class()(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise error(path, line, f"invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise error(path, 1, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    return data, node


def key_line(node: yaml.Node | None, *path: str | int) -> int:
    """1-based line of the value at `path` inside a mapping/sequence node tree (best effort)."""
    if node is None:  # a rule file read from the cache: no node tree, and no need for PyYAML
        return 1
    import yaml

    line = node.start_mark.line + 1
    current = node
    for step in path:
        found = None
        if isinstance(current, yaml.MappingNode) and isinstance(step, str):
            for k, v in current.value:
                if getattr(k, "value", None) == step:
                    line = k.start_mark.line + 1
                    found = v
                    break
        elif isinstance(current, yaml.SequenceNode) and isinstance(step, int) and step < len(current.value):
            found = current.value[step]
            line = found.start_mark.line + 1
        if found is None:
            break
        current = found
    return line
