"""`regqa`: the command line, thin over the assistant, the rule engine and the eval (cli/main.py)."""
