"""The rule catalogue and one rule's explanation, built from the loaded ruleset."""

from __future__ import annotations

from iia_checker.model.findings import BOARD_NAMES
from iia_checker.reporters.html import esc
from iia_checker.ruleset.loading import CompiledRule, Ruleset
from iia_checker.run.explain import explain_rule
from iia_checker.web.pages import layout


def catalogue_page(ruleset: Ruleset, *, base: str = "") -> str:
    """Every rule with its severity, boards and duties, each linking to its page."""
    rows = "\n".join(_row(rule, base) for rule in ruleset.rules)
    counts = {"error": 0, "warning": 0, "info": 0}
    for rule in ruleset.rules:
        counts[rule.info.severity.value] += 1
    body = (
        f'<main id="content">\n<h1>Rules: {esc(ruleset.name)} {esc(ruleset.version)}'
        f"</h1>\n<p>{len(ruleset.rules)} rules: {counts['error']} errors fail the"
        f" board gate, {counts['warning']} warnings are deficiencies a reviewer"
        f" should challenge, {counts['info']} are advice.</p>\n"
        '<table id="rules">\n<caption>Every rule, by id; open one to read why it'
        " matters, its legal basis and what to do</caption>\n<thead><tr>"
        '<th scope="col">Rule</th><th scope="col">Title</th>'
        '<th scope="col">Severity</th><th scope="col">Boards</th>'
        '<th scope="col">Duties</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table>\n</main>"
    )
    return layout("Rules", body, base=base, current="/rules")


def _row(rule: CompiledRule, base: str) -> str:
    info = rule.info
    boards = ", ".join(BOARD_NAMES.get(b, b) for b in info.boards)
    severity = info.severity.value
    return (
        f'<tr><th scope="row"><a href="{esc(base)}/rules/{esc(info.id)}">'
        f"{esc(info.id)}</a></th><td>{esc(info.title)}</td>"
        f'<td><span class="badge {esc(severity)}">{esc(severity)}</span></td>'
        f"<td>{esc(boards)}</td><td>{esc(', '.join(info.tags))}</td></tr>"
    )


def rule_page(rule: CompiledRule, *, base: str = "") -> str:
    """What ``iia-check explain RULE`` prints, as a page."""
    # The last line names the rule file's path on the server: not for visitors.
    text = "\n".join(
        line
        for line in explain_rule(rule).splitlines()
        if not line.startswith("Defined in ")
    ).rstrip()
    body = (
        f'<main id="content">\n<h1>{esc(rule.info.id)}: {esc(rule.info.title)}</h1>\n'
        f'<pre class="explain">{esc(text)}</pre>\n'
        f'<p><a href="{esc(base)}/rules">All rules</a></p>\n</main>'
    )
    return layout(f"Rule {rule.info.id}", body, base=base, current="/rules")
