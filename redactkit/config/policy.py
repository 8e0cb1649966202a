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

from redactkit.config.yamlfile import load

REDACT = "redact"
KEEP = "keep"
ACTIONS = (REDACT, KEEP)


@dataclass(frozen=True)
class PolicyRule:
    action: str
    reason: str

    @property
    def decision(self) -> str:
        return "proposed" if self.action == REDACT else "rejected"  # Decision values (model sits above config)


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


def _rule(data: str | dict) -> PolicyRule:
    if isinstance(data, str):
        return PolicyRule(action=data, reason="kept by policy" if data == KEEP else "redacted by policy")
    return PolicyRule(action=data["action"], reason=str(data["reason"]))


def load_policy(path: Path) -> Policy:
    """Read a policy file, checked against schemas/policy.schema.json."""
    data = load(path, "policy", "policy")
    entities = {str(k): _rule(v) for k, v in (data.get("entities") or {}).items()}
    roles = {str(role): {str(k): _rule(v) for k, v in rules.items()} for role, rules in (data.get("roles") or {}).items()}
    return Policy(
        name=str(data["name"]),
        description=str(data.get("description", "")),
        default=_rule(data["default"]),
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
