"""`cadre flows check` and `cadre flows graph [FLOW]` (a Mermaid diagram of one flow)."""

from __future__ import annotations

from bot.cli.registry import Common, Invocation, Subparsers


def register(sub: Subparsers, common: Common) -> None:
    parser = sub.add_parser("flows", help="flow tools")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = common(actions.add_parser("check", help="validate flows/ and report every problem"))
    check.set_defaults(handler=check_flows)
    graph = common(actions.add_parser("graph", help="print a flow as a Mermaid diagram"))
    graph.add_argument("flow", nargs="?", default=None, help="flow id (default: the default flow)")
    graph.set_defaults(handler=graph_flow)


def check_flows(invocation: Invocation) -> int:
    setup = invocation.setup()  # loading validates every flow (ConfigError otherwise)
    invocation.stdout.write(
        setup.catalogue.text("cli.flows_ok", None, flows=", ".join(sorted(setup.flows))) + "\n"
    )
    return 0


def graph_flow(invocation: Invocation) -> int:
    from bot.core.flow.machine import mermaid

    setup = invocation.setup()
    flow_id = invocation.args.flow or setup.settings.flows.default
    if flow_id not in setup.flows:
        invocation.stderr.write(f"unknown flow '{flow_id}'; known: {', '.join(sorted(setup.flows))}\n")
        return 1
    flow = setup.flows[flow_id]
    locale: str = setup.settings.locale

    def label(text: str) -> str:
        return setup.catalogue.text(text, locale) if setup.catalogue.has(text, locale) else text

    invocation.stdout.write(mermaid(flow, {step.id: label(step.label) for step in flow.steps}) + "\n")
    return 0
