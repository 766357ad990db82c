"""Rules as data: one YAML file per sanctioning article, per chapter elsewhere, plus measures.yaml.

Read by rules/loader.py, which checks every quote against the parsed corpus. (The folder is not
called `data/`: the repository's .gitignore ignores every `data/`.)
"""
