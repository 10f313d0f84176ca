"""The language server, `alpaco-gen lsp`: AG diagnostics, hover and quick fixes in an editor.

`edits` is plain Python (ranges and text edits in code points); only `server` imports pygls, which comes
with the `lsp` extra, so no other command pays for it.
"""
