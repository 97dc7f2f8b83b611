"""The report's jinja2 templates, compiled to Python: generated, do not edit.

Written by ``python -m tools.compile_templates`` from ``audit/report/templates``. The
``STAMP`` says which jinja2 version and which template sources the modules were made
from; ``audit.report.html`` compiles the templates from source when it does not match.
"""

STAMP = "jinja2 3.1.6 sha256 e2364f7639ad3e96a7f385cc00f775f8c81229e85500f67a0dc17d2659aba8ee"
