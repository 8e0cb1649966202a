"""Load the rules folder: settings, recognizer definitions, policies and lists.

The rules are data a disclosure officer can read (see ``rules/README.md``). This module only
reads and checks them: every regular expression is compiled and every validator name resolved
when the rules are loaded, so a mistake in a rules file is reported once, with its file name,
before any document is opened. The folder's hash goes into every proposals file.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import regex

from redactkit.config.policy import Policy, load_policy
from redactkit.config.validators import VALIDATORS
from redactkit.config.yamlfile import check, load, read_yaml
from redactkit.core.alternation import longest_first
from redactkit.core.errors import ConfigError

RULE_SUFFIXES = {".yaml", ".yml", ".txt", ".csv"}
# Keys we add to Presidio's recognizer format; the rest go to Presidio unchanged.
EXTENSION_KEYS = {"validator", "validated_score", "case_sensitive", "reason", "type", "enabled", "deny_list_file",
                  "lists"}


def default_rules_dir() -> Path:
    """Where the rules are when --rules is not given."""
    env = os.environ.get("REDACTKIT_RULES")
    if env:
        return Path(env)
    shipped = resources.files("redactkit") / "rules"  # package data: in a checkout and in a wheel alike
    if shipped.joinpath("rules.yaml").is_file():
        return Path(str(shipped))
    raise ConfigError("cannot find the rules folder; give it with --rules or REDACTKIT_RULES")


@dataclass(frozen=True)
class RecognizerSpec:
    """One recognizer as written in a rules file (Presidio's YAML plus our keys)."""

    source: str
    config: dict

    @property
    def name(self) -> str:
        return str(self.config.get("name"))

    @property
    def predefined(self) -> bool:
        return self.config.get("type") == "predefined"

    @property
    def entities(self) -> list[str]:
        if "supported_entity" in self.config:
            return [self.config["supported_entity"]]
        return list(self.config.get("supported_entities") or [])


@dataclass(frozen=True)
class RuleSet:
    root: Path
    version: str
    digest: str
    settings: dict
    recognizers: list[RecognizerSpec]
    policies: dict[str, Policy] = field(default_factory=dict)

    def list_terms(self, name: str) -> list[str]:
        """Terms of rules/lists/<name>.txt (empty when the file does not exist)."""
        path = self.root / "lists" / f"{name}.txt"
        return read_list(path) if path.exists() else []

    @property
    def label(self) -> str:
        """What the proposals file records: the version and the folder's content hash."""
        return f"{self.version}+sha256:{self.digest[:16]}"

    def policy(self, name: str | None = None) -> Policy:
        """A policy by name (from rules/policies) or by path to a policy file."""
        name = name or self.settings.get("default_policy", "police-to-cps")
        if name in self.policies:
            return self.policies[name]
        path = Path(name)
        if path.suffix in {".yaml", ".yml"} and path.exists():
            return load_policy(path)
        known = ", ".join(sorted(self.policies)) or "none"
        raise ConfigError(f"unknown policy {name!r} (known: {known})")


def _digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in RULE_SUFFIXES):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()




def read_list(path: Path) -> list[str]:
    """Terms from a list file: one per line; blank lines and # comments ignored."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read list file ({exc.strerror})", path=str(path)) from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _fill_lists(config: dict, path: Path) -> dict:
    """Replace {list:NAME} in patterns with an alternation of the terms in the named list file
    (the longest that fits wins)."""
    lists = config["lists"]
    if not isinstance(lists, dict):
        raise ConfigError("'lists' must map names to list files", path=str(path))
    alternations = {}
    for name, file in lists.items():
        # the terms longest first, written as a trie (a first-names list tried name by name at
        # every position of a page was most of its patterns' time)
        alternations[name] = longest_first(read_list(path.parent / file), ignore_case=not config.get("case_sensitive"))
    patterns = []
    for pattern in config.get("patterns") or []:
        text = pattern.get("regex", "")
        for name, alternation in alternations.items():
            text = text.replace("{list:%s}" % name, alternation)
        patterns.append(dict(pattern, regex=text))
    return dict(config, patterns=patterns)


def _check_spec(spec: RecognizerSpec, line: int | None = None) -> None:
    """What a schema cannot say: patterns that compile, a known validator, something to match."""
    config = spec.config
    where = f"{spec.source}:{line}: {spec.name}" if line else f"{spec.source}: {spec.name}"
    if spec.predefined:
        return
    if not spec.entities:
        raise ConfigError(f"{where}: needs supported_entity")
    if not config.get("patterns") and not config.get("deny_list"):
        raise ConfigError(f"{where}: needs patterns or a deny_list")
    for pattern in config.get("patterns") or []:
        try:
            regex.compile(pattern["regex"])
        except regex.error as exc:
            raise ConfigError(f"{where}: pattern {pattern['name']!r} is not a valid regex ({exc})") from None
        if not 0 <= float(pattern["score"]) <= 1:
            raise ConfigError(f"{where}: pattern {pattern['name']!r} score must be between 0 and 1")
    validator = config.get("validator")
    if validator is not None and validator not in VALIDATORS:
        raise ConfigError(f"{where}: unknown validator {validator!r} (known: {', '.join(sorted(VALIDATORS))})")


def _load_recognizers(root: Path) -> list[RecognizerSpec]:
    specs: list[RecognizerSpec] = []
    for folder in ("recognizers", "forces"):
        for path in sorted((root / folder).glob("*.y*ml")):
            data, lines = read_yaml(path, "recognizer file")
            if data is None:
                continue
            check(data, "recognizers", path, lines)
            for number, config in enumerate(data["recognizers"]):
                if config.get("enabled", True) is False:
                    continue
                if config.get("deny_list_file"):
                    config = dict(config, deny_list=read_list(path.parent / config["deny_list_file"]))
                if config.get("lists"):
                    config = _fill_lists(config, path)
                spec = RecognizerSpec(source=path.relative_to(root).as_posix(), config=config)
                _check_spec(spec, lines.get(("recognizers", number)))
                specs.append(spec)
    names = [s.name for s in specs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"recognizer names must be unique; repeated: {', '.join(duplicates)}")
    return specs


def load_rules(root: Path | None = None) -> RuleSet:
    """Read and check a rules folder (the default one when root is None)."""
    root = Path(root) if root else default_rules_dir()
    manifest = root / "rules.yaml"
    if not manifest.exists():
        raise ConfigError("not a rules folder (no rules.yaml)", path=str(root))
    settings = load(manifest, "rules", "rules file")
    policies = {}
    for path in sorted((root / "policies").glob("*.y*ml")):
        policy = load_policy(path)
        policies[policy.name] = policy
    return RuleSet(
        root=root,
        version=str(settings["version"]),
        digest=_digest(root),
        settings=settings,
        recognizers=_load_recognizers(root),
        policies=policies,
    )
