import type { CliCommand } from './cli-command';

/**
 * A command whose module, and everything it imports, is loaded only when the command runs or its help
 * is shown: `seal verify` must not pay for mongoose, the Fabric client and the server it never uses.
 * Name and summary are given here for the overview; they must match the module's own.
 */
export function lazyCommand(name: string, summary: string, load: () => CliCommand): CliCommand {
  let loaded: CliCommand | undefined;
  const command = (): CliCommand => {
    if (loaded) return loaded;
    const real = load();
    if (real.name !== name || real.summary !== summary) {
      throw new Error(`the command registry says "${name}: ${summary}", its module "${real.name}: ${real.summary}"`);
    }
    return (loaded = real);
  };
  return {
    name,
    summary,
    get usage() {
      return command().usage;
    },
    get description() {
      return command().description;
    },
    get options() {
      return command().options;
    },
    get positionals() {
      return command().positionals;
    },
    run: (args, io) => command().run(args, io),
  };
}
