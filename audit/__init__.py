"""reachable: of your LinkedIn connections, how many would actually answer you.

The import package is ``audit``; the distribution and the command are ``reachable``.
"""

__version__ = "0.1.0"
