"""``python -m audit`` runs the same command line as ``reachable``."""

from audit.cli import main

if __name__ == "__main__":
    main()
