"""Policies: which findings are redacted, which are kept, and the reason given for each.

A policy is a YAML file in ``rules/policies/``. Detection finds everything it can; the policy
then decides, by entity type and by the role of the person the finding belongs to (complainant,
witness, child, suspect, defendant, officer, other). A finding the policy keeps is not dropped:
it stays in the proposals with decision ``rejected`` and the reason, so a reviewer sees it and can
still accept it.

Decision order: the role's rule for the entity, the role's default, the policy's rule for the
entity, the policy's default. A recognizer's own reason ("special category (health)") is used
when the policy has no more specific one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from redactkit.core.errors import ConfigError

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
    roles: dict[str, dict[str, PolicyRule]] = field(default_factory=dict)

    def rule_for(self, entity: str, role: str | None = None, recognizer_reason: str | None = None) -> PolicyRule:
        role_rules = self.roles.get(role or "other", {})
        if entity in role_rules:
            return role_rules[entity]
        if "default" in role_rules:
            return role_rules["default"]
        if entity in self.entities:
            return self.entities[entity]
        if recognizer_reason:
            return PolicyRule(self.default.action, recognizer_reason)
        return self.default


def _rule(data: object, where: str) -> PolicyRule:
    if isinstance(data, str) and data in ACTIONS:
        return PolicyRule(action=data, reason="kept by policy" if data == KEEP else "redacted by policy")
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
    roles = {}
    for role, rules in (data.get("roles") or {}).items():
        if not isinstance(rules, dict):
            raise ConfigError(f"{path.name}: role {role} needs entity rules", path=str(path))
        roles[str(role)] = {str(k): _rule(v, f"{path.name}: {role}: {k}") for k, v in rules.items()}
    return Policy(
        name=str(data["name"]),
        description=str(data.get("description", "")),
        default=_rule(data["default"], f"{path.name}: default"),
        entities=entities,
        roles=roles,
    )


def apply_policy(findings, policy: Policy, allowed=lambda finding: False) -> None:
    """Set each finding's decision and reason from its entity, role and recognizer reason.

    allowed(finding) says whether the finding lies inside a term of the allow list.
    """
    for finding in findings:
        if allowed(finding):
            finding.decision, finding.reason = "rejected", "on the allow list"
            continue
        rule = policy.rule_for(finding.entity, finding.role, finding.reason or None)
        finding.decision = rule.decision
        finding.reason = rule.reason
