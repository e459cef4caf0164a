"""The review workbench, a Textual app: ``workbench review`` on a store, ``workbench demo`` on the samples."""
