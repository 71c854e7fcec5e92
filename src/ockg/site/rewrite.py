"""The w3id redirect rules (w3id/.htaccess), read and applied as Apache's mod_rewrite would.

`ockg serve` answers with the same redirects the published IRIs get, from the same file, so the
two cannot drift apart. Only what the file needs is understood: `RewriteEngine on`, `RewriteCond
%{HTTP_ACCEPT} REGEX` (applying to the next rule) and `RewriteRule PATTERN TARGET [FLAGS]` with the
flags E=VAR:VALUE, R=CODE and L, `$n` and `%{ENV:VAR}` in targets; anything else is refused, so a
rule this reader would get wrong cannot slip in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ockg.errors import InputError, Location

_ENV = re.compile(r"%\{ENV:(\w+)\}")
_GROUP = re.compile(r"\$([0-9])")


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    target: str
    accept: tuple[re.Pattern[str], ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    status: int | None = None
    last: bool = False


def parse(path: Path, shown: str) -> list[Rule]:
    rules: list[Rule] = []
    accept: list[re.Pattern[str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        words = line.split()
        if not words or words[0].startswith("#") or words == ["RewriteEngine", "on"]:
            continue
        at = Location(shown, number)
        if words[0] == "RewriteCond" and len(words) == 3 and words[1] == "%{HTTP_ACCEPT}":
            accept.append(_regex(words[2], at))
        elif words[0] == "RewriteRule" and len(words) in (3, 4):
            rules.append(_rule(words[1], words[2], words[3] if len(words) == 4 else "", tuple(accept), at))
            accept = []
        else:
            raise InputError.at(at, "only RewriteEngine on, RewriteCond %{HTTP_ACCEPT} and RewriteRule are understood")
    return rules


def _rule(pattern: str, target: str, flags: str, accept: tuple[re.Pattern[str], ...], at: Location) -> Rule:
    env: dict[str, str] = {}
    status, last = None, False
    for flag in flags.strip("[]").split(",") if flags else []:
        name, _, value = flag.partition("=")
        if name == "E" and ":" in value:
            var, _, set_to = value.partition(":")
            env[var] = set_to
        elif name == "R" and value.isdigit():
            status = int(value)
        elif flag == "L":
            last = True
        else:
            raise InputError.at(at, f"flag [{flag}] is not understood (E=VAR:VALUE, R=CODE and L are)")
    return Rule(_regex(pattern, at), target, accept, env, status, last)


def _regex(text: str, at: Location) -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as exc:
        raise InputError.at(at, f"bad regular expression {text}: {exc}") from None


def redirect(rules: list[Rule], path: str, accept: str) -> tuple[int, str] | None:
    """(status, location) for a request of path (relative to the rules' folder, no leading slash)
    with this Accept header, or None when no rule redirects it."""
    env: dict[str, str] = {}
    for rule in rules:
        match = rule.pattern.search(path)
        if match is None or not all(cond.search(accept) for cond in rule.accept):
            continue
        env.update(rule.env)
        if rule.target != "-" and rule.status is not None:
            target = match.expand(_GROUP.sub(r"\\g<\1>", rule.target))  # $2 -> \g<2>; unmatched: ""
            return rule.status, _ENV.sub(lambda m: env.get(m.group(1), ""), target)
        if rule.last:
            return None
    return None
