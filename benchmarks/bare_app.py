"""The yardstick for start-up: a bare Textual app with a Header, a Static and a Footer."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("A bare Textual app, the yardstick for Lotsen's first paint.")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
