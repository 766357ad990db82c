"""API keys: made by `regqa apikey`, kept only as hashes, checked in constant time; `regqa serve`
refuses to open an unauthenticated API beyond loopback, and a key pasted in the clear."""

from __future__ import annotations

import json

import pytest

from assistant import keys
from cli.main import main


def test_a_new_key_matches_only_its_own_hash():
    key, other = keys.new_key(), keys.new_key()
    configured = {"portal": keys.hashed(key), "bot": keys.hashed(other)}
    keys.check_keys(configured)
    assert key.startswith("rq_") and len(key) > 40 and key != other
    assert keys.key_name(key, configured) == "portal" and keys.key_name(other, configured) == "bot"
    assert keys.key_name(key + "x", configured) is None
    assert keys.key_name("", configured) is None and keys.key_name(None, configured) is None
    assert key not in json.dumps(configured)


@pytest.mark.parametrize("configured,message", [
    ({"portal": "rq_the-key-itself"}, "never the key itself"),
    ({"portal": "sha256:abc"}, "64 hex digits"),
    ({"has space": keys.hashed("k")}, "name"),
])
def test_unusable_entries_are_refused_by_name(configured, message):
    with pytest.raises(keys.KeyError_, match=message):
        keys.check_keys(configured)


def test_regqa_apikey_prints_the_key_once_and_the_setting_with_its_hash(capsys, monkeypatch):
    monkeypatch.setenv("REGQA_API_KEYS", json.dumps({"old": keys.hashed("rq_old")}))
    assert main(["apikey", "wecom-bot", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    setting = json.loads(out["REGQA_API_KEYS"])
    assert setting == {"old": keys.hashed("rq_old"), "wecom-bot": keys.hashed(out["key"])}


@pytest.mark.parametrize("env,host,message", [
    ({}, "0.0.0.0", "no API key is configured"),
    ({"REGQA_API_KEYS": '{"portal": "rq_plain"}'}, "127.0.0.1", "never the key itself"),
])
def test_regqa_serve_refuses_an_open_or_misconfigured_api(capsys, monkeypatch, env, host, message):
    monkeypatch.delenv("REGQA_API_KEYS", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["serve", "--host", host, "--port", "8999"]) == 2
    assert message in capsys.readouterr().err
