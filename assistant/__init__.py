"""The answer pipeline and the `regqa` command line, thin over corpus/, rules/ and retrieval/."""
