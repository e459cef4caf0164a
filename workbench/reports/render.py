"""Jinja2 environments for the report templates: HTML autoescaped, Markdown escaped the same way.

Both environments escape every value by default, so that a template cannot forget to: the HTML
one with Jinja's autoescaping (after making control and bidi characters visible, which HTML
escaping leaves alone and a browser would obey), the Markdown one with ``md_text`` applied by
``finalize`` to every printed value. Markup the templates build on purpose (an SVG, a code span)
is marked safe explicitly. Undefined names are errors, not empty strings.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from workbench.figures import figure
from workbench.reports.context import when
from workbench.reports.markdown import MdSafe, md_code, md_text
from workbench.textsafe import visible

#: What ``None`` prints as: an explicit "nothing", never the word "None".
NOTHING = "–"


def _html_value(value: Any) -> Any:
    if value is None:
        return NOTHING
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value)
    return value


def _md_value(value: Any) -> str:
    if value is None:
        return NOTHING
    if isinstance(value, MdSafe):
        return value
    return md_text(value)


def _plural(count: int, noun: str) -> str:
    """``1 event``, ``3 events``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


@cache
def environment(kind: str) -> Environment:
    """The environment for ``html`` or ``md`` templates (``*.html.j2``, ``*.md.j2``)."""
    html = kind == "html"
    env = Environment(
        loader=PackageLoader("workbench.reports", "templates"),
        autoescape=html,
        finalize=_html_value if html else _md_value,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["plural"] = _plural
    env.filters["code"] = md_code
    env.filters["when"] = when
    env.filters["figure"] = figure
    return env


def render(name: str, kind: str, **context: Any) -> str:
    """Render ``templates/{name}.{kind}.j2``, ending in exactly one newline."""
    return environment(kind).get_template(f"{name}.{kind}.j2").render(**context).rstrip("\n") + "\n"
