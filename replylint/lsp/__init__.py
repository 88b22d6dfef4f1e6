"""`replylint lsp`: a Language Server (LSP over stdio) built on pygls.

Install with the `lsp` extra: `pip install 'replylint[lsp]'`. The server lives
in `replylint.lsp.server` and is imported only when the command runs; the
position and config-editing helpers here are plain Python with no pygls import.
"""
