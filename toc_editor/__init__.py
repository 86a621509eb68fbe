"""toc-editor: a versioned, collaborative theory-of-change editor."""
