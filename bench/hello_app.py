"""The bare Flask baseline: the same server set-up, a page that does nothing."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello"
