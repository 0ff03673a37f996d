# A Flask app reporting with Debian's python3-sentry-sdk (1.9: /store/ endpoint, gzip body). Its
# routes raise ZeroDivisionError and KeyError; requests A, B, A go through Flask's test client, so
# each error travels the real Flask integration (got_request_exception), then the SDK flushes.
import os
import sys

import sentry_sdk
from flask import Flask
from sentry_sdk.integrations.flask import FlaskIntegration

sent = []


def remember(event, hint):
    sent.append(event["event_id"])
    return event


sentry_sdk.init(
    dsn=os.environ["E2E_DSN"],
    integrations=[FlaskIntegration()],
    release="e2e@1.0.0",
    environment="e2e",
    before_send=remember,
)

app = Flask(__name__)


@app.route("/divide")
def divide():
    items = 0
    return str(10 / items)


@app.route("/lookup")
def lookup():
    prices = {"apple": 1}
    return str(prices["pear"])


client = app.test_client()
for path in ["/divide", "/lookup", "/divide"]:
    response = client.get(path)
    if response.status_code != 500:
        sys.exit("expected 500 from %s, got %d" % (path, response.status_code))

sentry_sdk.flush(timeout=10)
for event_id in sent:
    print("event_id=%s" % event_id)
