"""``python -m workbench``: the same as the ``workbench`` command."""

from workbench.cli import main

if __name__ == "__main__":  # not when a worker process imports this module as its parent's main
    main()
