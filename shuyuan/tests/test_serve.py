"""``shuyuan serve`` behind the TLS proxy: the client's own address reaches the audit log and the login
limits, and a client cannot forge one by sending the proxy's headers itself."""

from shuyuan.management.commands.serve import behind_proxy


def seen(environ: dict) -> dict:
    captured: dict = {}

    def app(env, start_response):
        captured.update(env)
        return [b""]

    behind_proxy(app, "127.0.0.1")(environ, lambda *a: None)
    return captured


def test_a_request_through_the_proxy_carries_the_clients_address():
    env = seen({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9"})
    assert env["REMOTE_ADDR"] == "203.0.113.9"


def test_a_client_cannot_claim_another_address_by_sending_the_header_itself():
    env = seen({"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "10.0.0.1"})
    assert (env["REMOTE_ADDR"], "HTTP_X_FORWARDED_FOR" in env) == ("198.51.100.7", False)


def test_each_response_says_how_long_the_application_took():
    import time

    from shuyuan.management.commands.serve import with_server_timing

    def slow(env, start_response):
        time.sleep(0.02)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    sent: list = []
    with_server_timing(slow)({}, lambda status, headers, *rest: sent.extend(headers))
    took = float(dict(sent)["Server-Timing"].removeprefix("app;dur="))
    assert 20 <= took < 1000
