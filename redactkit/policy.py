"""Policies: which findings are redacted, which are kept, and the reason given for each.

A policy is a YAML file in ``rules/policies/``. Detection finds everything it can; the policy
then decides. A finding the policy keeps is not dropped: it stays in the proposals with decision
``rejected`` and the reason, so a reviewer sees it and can still accept it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ConfigError

REDACT = "redact"
KEEP = "keep"
ACTIONS = (REDACT, KEEP)


@dataclass(frozen=True)
class PolicyRule:
    action: str
    reason: str

    @property
    def decision(self) -> str:
        return "proposed" if self.action == REDACT else "rejected"


@dataclass(frozen=True)
class Policy:
    name: str
    description: str
    default: PolicyRule
    entities: dict[str, PolicyRule] = field(default_factory=dict)

    def rule_for(self, entity: str) -> PolicyRule:
        return self.entities.get(entity, self.default)


def _rule(data: object, where: str) -> PolicyRule:
    if not isinstance(data, dict) or data.get("action") not in ACTIONS or not data.get("reason"):
        raise ConfigError(f"{where}: needs 'action' ({' or '.join(ACTIONS)}) and 'reason'")
    return PolicyRule(action=data["action"], reason=str(data["reason"]))


def load_policy(path: Path) -> Policy:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read policy: {exc}", path=str(path)) from None
    if not isinstance(data, dict) or "name" not in data or "default" not in data:
        raise ConfigError("a policy needs 'name' and 'default'", path=str(path))
    entities = {str(k): _rule(v, f"{path.name}: {k}") for k, v in (data.get("entities") or {}).items()}
    return Policy(
        name=str(data["name"]),
        description=str(data.get("description", "")),
        default=_rule(data["default"], f"{path.name}: default"),
        entities=entities,
    )
