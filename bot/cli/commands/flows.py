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
    """The flows of `flows.directory` (beside the configuration folder by default), or the
    shipped ones when it holds none: the output says which were checked."""
    from bot.cli.commands.config_check import is_missing
    from bot.config.settings import flows_directory

    if is_missing(invocation.config_dir, invocation.stderr):
        return 1
    setup = invocation.setup()  # loading validates every flow (ConfigError otherwise)
    directory = flows_directory(setup.settings, setup.config_dir)
    has_files = directory.is_dir() and any(directory.glob("*.yaml"))
    key = "cli.flows_ok" if has_files else "cli.flows_shipped"
    flows = ", ".join(sorted(setup.flows))
    invocation.stdout.write(
        setup.catalogue.text(key, setup.settings.locale, flows=flows, path=str(directory)) + "\n"
    )
    return 0


def graph_flow(invocation: Invocation) -> int:
    from bot.cli.commands.config_check import is_missing
    from bot.core.flow.machine import mermaid

    if is_missing(invocation.config_dir, invocation.stderr):
        return 1
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
